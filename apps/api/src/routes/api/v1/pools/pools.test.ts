// Dedicated pools hold quota for flavor x nodes from creation until deletion (R12); creating,
// resizing and deleting them moves quota by exactly the delta, and the ledger always adds up.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../../../../testing/test-app.ts";

let t: TestApp;
let alice: string;
let bob: string;
let aliceCatalogue: DemoCatalogue;
let bobCatalogue: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  bob = await login(t.app, "bob");
  aliceCatalogue = await demoCatalogue(t.db, "alice");
  bobCatalogue = await demoCatalogue(t.db, "bob");
});
afterAll(async () => t.close());

// R12 invariant: the ledger is the only way quota moves, so its sum is what the quota row says.
afterEach(async () => {
  for (const userId of [aliceCatalogue.userId, bobCatalogue.userId]) {
    const quota = await t.db.prisma.quota.findUniqueOrThrow({ where: { userId } });
    const ledger = await t.db.prisma.quotaLedgerEntry.aggregate({ where: { userId }, _sum: { vcpus: true, memoryGiB: true, gpus: true } });
    expect({ vcpus: ledger._sum.vcpus ?? 0, memoryGiB: ledger._sum.memoryGiB ?? 0, gpus: ledger._sum.gpus ?? 0 }).toEqual({
      vcpus: quota.vcpuUsed,
      memoryGiB: quota.memoryGiBUsed,
      gpus: quota.gpuUsed,
    });
  }
});

type Amount = { vcpus: number; memoryGiB: number; gpus: number };
type QuotaReport = { limit: Amount; used: Amount; left: Amount; holders: Array<{ kind: string; id: string; name: string; amount: Amount }> };
type Pool = { id: string; name: string; type: string; flavorIds: string[]; nodeCount: number; freeNodes: number; generation: string | null; state: string };

async function quota(cookie: string): Promise<QuotaReport> {
  const response = await t.app.inject({ method: "GET", url: "/api/v1/quota", headers: { cookie } });
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function pools(cookie: string): Promise<Pool[]> {
  const response = await t.app.inject({ method: "GET", url: "/api/v1/pools", headers: { cookie } });
  expect(response.statusCode).toBe(200);
  return response.json().items;
}

function createPool(cookie: string, payload: unknown) {
  return t.app.inject({ method: "POST", url: "/api/v1/pools", headers: { cookie }, payload: payload as object });
}

function resizePool(cookie: string, poolId: string, nodeCount: unknown) {
  return t.app.inject({ method: "PATCH", url: `/api/v1/pools/${poolId}`, headers: { cookie }, payload: { nodeCount } });
}

function deletePool(cookie: string, poolId: string) {
  return t.app.inject({ method: "DELETE", url: `/api/v1/pools/${poolId}`, headers: { cookie } });
}

const CPU8 = { vcpus: 8, memoryGiB: 32, gpus: 0 };
const times = (a: Amount, n: number): Amount => ({ vcpus: a.vcpus * n, memoryGiB: a.memoryGiB * n, gpus: a.gpus * n });
const plus = (a: Amount, b: Amount): Amount => ({ vcpus: a.vcpus + b.vcpus, memoryGiB: a.memoryGiB + b.memoryGiB, gpus: a.gpus + b.gpus });

function expectConsistent(report: QuotaReport) {
  expect(report.left).toEqual({
    vcpus: report.limit.vcpus - report.used.vcpus,
    memoryGiB: report.limit.memoryGiB - report.used.memoryGiB,
    gpus: report.limit.gpus - report.used.gpus,
  });
  const held = report.holders.reduce((sum, h) => plus(sum, h.amount), { vcpus: 0, memoryGiB: 0, gpus: 0 });
  expect(held).toEqual(report.used);
}

describe("listing pools", () => {
  it("shows the public pool and the user's own dedicated pools with capacity and generation", async () => {
    const list = await pools(alice);
    expect(list[0]).toMatchObject({ type: "public", generation: null, nodeCount: 0 });
    expect(list[0]!.flavorIds).toEqual(expect.arrayContaining(["cpu.free.1u4g", "cpu.2u8g", "cpu.8u32g", "gpu.t4.8u32g"]));
    expect(list[0]!.freeNodes).toBeGreaterThan(0);
    const dedicated = list.filter((p) => p.type === "dedicated");
    expect(dedicated.map((p) => p.name)).toEqual(["pool-new-east", "pool-new-west", "pool-old-legacy"]);
    expect(dedicated).toEqual([
      expect.objectContaining({ name: "pool-new-east", flavorIds: ["cpu.8u32g"], nodeCount: 4, freeNodes: 4, generation: "new", state: "Running" }),
      expect.objectContaining({ name: "pool-new-west", flavorIds: ["cpu.8u32g"], nodeCount: 4, freeNodes: 4, generation: "new", state: "Running" }),
      expect.objectContaining({ name: "pool-old-legacy", flavorIds: ["cpu.8u32g"], nodeCount: 2, freeNodes: 2, generation: "old", state: "Running" }),
    ]);
  });

  it("never shows another user's dedicated pools, and answers 404 for them", async () => {
    const list = await pools(bob);
    expect(list.map((p) => p.type)).toEqual(["public"]);
    const one = await t.app.inject({ method: "GET", url: `/api/v1/pools/${aliceCatalogue.pools["pool-new-east"]}`, headers: { cookie: bob } });
    expect(one.statusCode).toBe(404);
    expect(one.headers["content-type"]).toContain("application/problem+json");
    expect((await resizePool(bob, aliceCatalogue.pools["pool-new-east"]!, 1)).statusCode).toBe(404);
    expect((await deletePool(bob, aliceCatalogue.pools["pool-new-east"]!)).statusCode).toBe(404);
  });

  it("R12 the seeded pools hold 10 x cpu.8u32g of alice's quota, each one listed as a holder", async () => {
    const report = await quota(alice);
    expect(report.limit).toEqual({ vcpus: 128, memoryGiB: 512, gpus: 4 });
    expect(report.used).toEqual(times(CPU8, 10));
    expectConsistent(report);
    expect(report.holders).toEqual(
      expect.arrayContaining([
        { kind: "pool", id: aliceCatalogue.pools["pool-new-east"], name: "pool-new-east", amount: times(CPU8, 4) },
        { kind: "pool", id: aliceCatalogue.pools["pool-old-legacy"], name: "pool-old-legacy", amount: times(CPU8, 2) },
      ]),
    );
  });
});

describe("creating a dedicated pool", () => {
  it("R12 holds quota for flavor x nodes (201)", async () => {
    const before = await quota(alice);
    const response = await createPool(alice, { name: "pool-extra", flavorId: "cpu.8u32g", nodeCount: 2 });
    expect(response.statusCode).toBe(201);
    const pool = response.json();
    expect(pool).toMatchObject({ name: "pool-extra", type: "dedicated", flavorIds: ["cpu.8u32g"], nodeCount: 2, freeNodes: 2, generation: "new", state: "Running" });
    const after = await quota(alice);
    expect(after.used).toEqual(plus(before.used, times(CPU8, 2)));
    expect(after.left.vcpus).toBe(before.left.vcpus - 16);
    expect(after.holders).toContainEqual({ kind: "pool", id: pool.id, name: "pool-extra", amount: times(CPU8, 2) });
    expectConsistent(after);
    expect((await pools(alice)).map((p) => p.name)).toContain("pool-extra");
  });

  it("R12 refuses a pool over quota with 422 that says what is used, asked and left, changing nothing", async () => {
    const before = await quota(alice);
    const nodes = Math.floor(before.left.vcpus / 8) + 1;
    const response = await createPool(alice, { name: "pool-too-big", flavorId: "cpu.8u32g", nodeCount: nodes });
    expect(response.statusCode).toBe(422);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    const [error] = response.json().errors;
    expect(error).toMatchObject({ rule: "R12", path: "nodeCount" });
    expect(error.message).toContain(`you use ${before.used.vcpus} vCPUs`);
    expect(error.message).toContain(`asks for ${nodes * 8} vCPUs`);
    expect(error.message).toContain(`only ${before.left.vcpus} vCPUs`);
    expect(error.message).toMatch(/free quota by deleting/i);
    expect(await quota(alice)).toEqual(before);
    expect((await pools(alice)).map((p) => p.name)).not.toContain("pool-too-big");
  });

  it("R12 bob (quota 32 vCPUs) can take exactly 4 x cpu.8u32g, not 5", async () => {
    const refused = await createPool(bob, { name: "bob-five", flavorId: "cpu.8u32g", nodeCount: 5 });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].rule).toBe("R12");
    const accepted = await createPool(bob, { name: "bob-four", flavorId: "cpu.8u32g", nodeCount: 4, generation: "old" });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().generation).toBe("old");
    const report = await quota(bob);
    expect(report.used).toEqual(times(CPU8, 4));
    expect(report.left.vcpus).toBe(0);
    expect((await deletePool(bob, accepted.json().id)).statusCode).toBe(204);
    expect((await quota(bob)).used).toEqual({ vcpus: 0, memoryGiB: 0, gpus: 0 });
  });

  it("R6 refuses a gray (unavailable) flavor", async () => {
    const before = await quota(alice);
    const response = await createPool(alice, { name: "pool-a100", flavorId: "gpu.a100.16u128g", nodeCount: 1 });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ rule: "R6", path: "flavorId" })]);
    expect(response.json().errors[0].message).toMatch(/not available/);
    expect(await quota(alice)).toEqual(before);
  });

  it("R6 refuses the free flavor and unknown flavors", async () => {
    const free = await createPool(alice, { name: "pool-free", flavorId: "cpu.free.1u4g", nodeCount: 1 });
    expect(free.statusCode).toBe(422);
    expect(free.json().errors).toEqual([expect.objectContaining({ rule: "R6", path: "flavorId" })]);
    const unknown = await createPool(alice, { name: "pool-unknown", flavorId: "cpu.9000u", nodeCount: 1 });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ rule: "R6", path: "flavorId" })]);
  });

  it("refuses a duplicate pool name with a field error, changing nothing", async () => {
    const before = await quota(alice);
    const response = await createPool(alice, { name: "pool-new-east", flavorId: "cpu.2u8g", nodeCount: 1 });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ path: "name" })]);
    expect(response.json().errors[0].message).toContain("pool-new-east");
    expect(await quota(alice)).toEqual(before);
    // The same name is fine for another user.
    const bobs = await createPool(bob, { name: "pool-new-east", flavorId: "cpu.2u8g", nodeCount: 1 });
    expect(bobs.statusCode).toBe(201);
    expect((await deletePool(bob, bobs.json().id)).statusCode).toBe(204);
  });

  it.each([
    ["nodeCount 0", { name: "p-zero", flavorId: "cpu.2u8g", nodeCount: 0 }, "nodeCount"],
    ["nodeCount 65", { name: "p-big", flavorId: "cpu.2u8g", nodeCount: 65 }, "nodeCount"],
    ["fractional nodeCount", { name: "p-frac", flavorId: "cpu.2u8g", nodeCount: 1.5 }, "nodeCount"],
    ["a name starting with a digit", { name: "1pool", flavorId: "cpu.2u8g", nodeCount: 1 }, "name"],
    ["an empty name", { name: "", flavorId: "cpu.2u8g", nodeCount: 1 }, "name"],
    ["a bad generation", { name: "p-gen", flavorId: "cpu.2u8g", nodeCount: 1, generation: "ancient" }, "generation"],
    ["a missing flavor", { name: "p-noflavor", nodeCount: 1 }, "flavorId"],
  ])("R15 refuses %s with 422 at the field path", async (_label, payload, path) => {
    const before = await t.db.prisma.resourcePool.count();
    const response = await createPool(alice, payload);
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await t.db.prisma.resourcePool.count()).toBe(before);
  });
});

describe("resizing a dedicated pool", () => {
  it("R12 growing holds the added nodes and shrinking releases the removed ones", async () => {
    const pool = (await createPool(alice, { name: "pool-resize", flavorId: "cpu.8u32g", nodeCount: 1 })).json();
    const base = await quota(alice);

    const up = await resizePool(alice, pool.id, 3);
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ nodeCount: 3, freeNodes: 3 });
    const afterUp = await quota(alice);
    expect(afterUp.used).toEqual(plus(base.used, times(CPU8, 2)));
    expect(afterUp.holders).toContainEqual({ kind: "pool", id: pool.id, name: "pool-resize", amount: times(CPU8, 3) });
    expectConsistent(afterUp);

    const down = await resizePool(alice, pool.id, 2);
    expect(down.statusCode).toBe(200);
    expect(down.json()).toMatchObject({ nodeCount: 2 });
    const afterDown = await quota(alice);
    expect(afterDown.used).toEqual(plus(base.used, times(CPU8, 1)));
    expect(afterDown.holders).toContainEqual({ kind: "pool", id: pool.id, name: "pool-resize", amount: times(CPU8, 2) });
    expectConsistent(afterDown);

    const same = await resizePool(alice, pool.id, 2);
    expect(same.statusCode).toBe(200);
    expect((await quota(alice)).used).toEqual(afterDown.used);

    const toOne = await resizePool(alice, pool.id, 1);
    expect(toOne.statusCode).toBe(200);
    expect((await quota(alice)).used).toEqual(base.used);

    expect((await deletePool(alice, pool.id)).statusCode).toBe(204);
    expect((await quota(alice)).used).toEqual(plus(base.used, times(CPU8, -1)));
  });

  it("R12 refuses growing past the quota, changing nothing", async () => {
    const pool = (await createPool(alice, { name: "pool-grow", flavorId: "cpu.8u32g", nodeCount: 1 })).json();
    const before = await quota(alice);
    const tooMany = 1 + Math.floor(before.left.vcpus / 8) + 1;
    const response = await resizePool(alice, pool.id, tooMany);
    expect(response.statusCode).toBe(422);
    const [error] = response.json().errors;
    expect(error).toMatchObject({ rule: "R12", path: "nodeCount" });
    expect(error.message).toContain(`asks for ${(tooMany - 1) * 8} vCPUs, ${(tooMany - 1) * 32} GiB memory and 0 GPUs more`);
    expect(await quota(alice)).toEqual(before);
    expect((await t.db.prisma.resourcePool.findUniqueOrThrow({ where: { id: pool.id } })).nodeCount).toBe(1);
    expect((await deletePool(alice, pool.id)).statusCode).toBe(204);
  });

  it("R15 refuses an invalid node count and answers 404 for an unknown pool, 422 for a malformed id", async () => {
    const east = aliceCatalogue.pools["pool-new-east"]!;
    const zero = await resizePool(alice, east, 0);
    expect(zero.statusCode).toBe(422);
    expect(zero.json().errors).toEqual([expect.objectContaining({ path: "nodeCount" })]);
    expect((await resizePool(alice, "00000000-0000-4000-8000-000000000000", 2)).statusCode).toBe(404);
    const malformed = await resizePool(alice, "not-a-uuid", 2);
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().errors).toEqual([expect.objectContaining({ path: "poolId" })]);
    const publicPool = await resizePool(alice, aliceCatalogue.pools["public"]!, 2);
    expect(publicPool.statusCode).toBe(404);
  });
});

describe("pools used by services", () => {
  it("R7 refuses shrinking below the nodes services use; R12 the service holds no quota; delete is 409 until the service is gone", async () => {
    const created = await createPool(alice, { name: "pool-busy", flavorId: "cpu.8u32g", nodeCount: 4 });
    expect(created.statusCode, created.body).toBe(201);
    const pool = created.json();
    const beforeDeploy = await quota(alice);

    const deploy = await t.app.inject({
      method: "POST",
      url: "/api/v1/services",
      headers: { cookie: alice },
      payload: deployBody(aliceCatalogue, {
        name: "svc-in-busy-pool",
        resourcePool: { type: "dedicated", poolIds: [pool.id] },
        configurations: [
          { versionId: aliceCatalogue.versions["text-classifier@1.0.0"]!, trafficRatio: 100, flavorId: "cpu.8u32g", computeNodes: 3, envVars: [] },
        ],
      }),
    });
    expect(deploy.statusCode, deploy.body).toBe(202);
    const serviceId = deploy.json().id as string;
    // R12: a dedicated-pool service changes no quota.
    expect((await quota(alice)).used).toEqual(beforeDeploy.used);
    expect((await pools(alice)).find((p) => p.id === pool.id)).toMatchObject({ nodeCount: 4, freeNodes: 1 });

    const shrink = await resizePool(alice, pool.id, 2);
    expect(shrink.statusCode).toBe(422);
    expect(shrink.json().errors).toEqual([expect.objectContaining({ rule: "R7", path: "nodeCount" })]);
    expect(shrink.json().errors[0].message).toContain("use 3 nodes");
    expect(await quota(alice)).toEqual(beforeDeploy);

    // Down to exactly what the service uses is fine, and releases one node.
    const toUsed = await resizePool(alice, pool.id, 3);
    expect(toUsed.statusCode).toBe(200);
    expect(toUsed.json()).toMatchObject({ nodeCount: 3, freeNodes: 0 });
    expect((await quota(alice)).used).toEqual(plus(beforeDeploy.used, times(CPU8, -1)));

    const busy = await deletePool(alice, pool.id);
    expect(busy.statusCode).toBe(409);
    expect(busy.headers["content-type"]).toContain("application/problem+json");
    expect(busy.json().detail).toContain("svc-in-busy-pool");
    expect(await t.db.prisma.resourcePool.findUnique({ where: { id: pool.id } })).not.toBeNull();

    const removeService = await t.app.inject({ method: "DELETE", url: `/api/v1/services/${serviceId}`, headers: { cookie: alice } });
    expect(removeService.statusCode).toBe(204);

    const beforeDelete = await quota(alice);
    const removed = await deletePool(alice, pool.id);
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe("");
    const after = await quota(alice);
    expect(after.used).toEqual(plus(beforeDelete.used, times(CPU8, -3)));
    expect(after.holders.map((h) => h.id)).not.toContain(pool.id);
    expectConsistent(after);
    expect((await pools(alice)).map((p) => p.id)).not.toContain(pool.id);
    expect((await deletePool(alice, pool.id)).statusCode).toBe(404);
  });

  it("R12 deleting every extra pool brings alice back to the seeded 80 vCPUs", async () => {
    const seeded = new Set(["pool-new-east", "pool-new-west", "pool-old-legacy"]);
    for (const pool of (await pools(alice)).filter((p) => p.type === "dedicated" && !seeded.has(p.name))) {
      expect((await deletePool(alice, pool.id)).statusCode).toBe(204);
    }
    const report = await quota(alice);
    expect(report.used).toEqual(times(CPU8, 10));
    expectConsistent(report);
  });
});
