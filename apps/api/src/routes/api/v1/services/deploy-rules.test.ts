// Every deploy rule (DESIGN R1-R13, R15) through the HTTP API, on a real database and job queue:
// one accepted and at least one refused case each. A refusal must be problem+json with the field
// path and rule, and must change nothing (services, quota ledger, queued jobs). An acceptance must
// answer 202 with the service in Deploying and its job queued with it.
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  MASKED_ENV_VAR_VALUE,
  REQUEST_MESSAGES,
  SERVICE_LIMIT,
  type VersionConfiguration,
} from "@rts/contracts";
import { buildApp } from "../../../../app.ts";
import { SERVICE_LIFECYCLE_QUEUE } from "../../../../jobs/job-queue.ts";
import {
  CONSOLE_ORIGIN,
  createTestApp,
  demoCatalogue,
  deployBody,
  login,
  type DemoCatalogue,
  type TestApp,
} from "../../../../testing/test-app.ts";

let t: TestApp;
let alice: string;
let bob: string;
let aliceCat: DemoCatalogue;
let bobCat: DemoCatalogue;

const PROBLEM_JSON = "application/problem+json";
// Seed: alice's three dedicated pools of cpu.8u32g (4 + 4 + 2 nodes) hold 80 vCPU / 320 GiB.
const ALICE_BASELINE = { vcpus: 80, memoryGiB: 320, gpus: 0 };
const BOB_BASELINE = { vcpus: 0, memoryGiB: 0, gpus: 0 };

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  bob = await login(t.app, "bob");
  aliceCat = await demoCatalogue(t.db, "alice");
  bobCat = await demoCatalogue(t.db, "bob");
});

// Each test starts from the seed: every service is deleted through the API, which must also give
// every bit of quota back (R12).
afterEach(async () => {
  for (const [username, cookie] of [["alice", alice], ["bob", bob]] as const) {
    const rows = await t.db.prisma.service.findMany({ where: { owner: { username } }, select: { id: true } });
    for (const row of rows) {
      const res = await t.app.inject({ method: "DELETE", url: `/api/v1/services/${row.id}`, headers: { cookie } });
      expect([202, 204]).toContain(res.statusCode);
    }
  }
  expect((await quota(alice)).used).toEqual(ALICE_BASELINE);
  expect((await quota(bob)).used).toEqual(BOB_BASELINE);
});

afterAll(async () => t?.close());

// ---------------------------------------------------------------------------------------------
// Helpers

type Json = Record<string, unknown>;

interface Counts {
  services: number;
  ledger: number;
  jobs: number;
  lifecycleJobs: number;
}

async function counts(): Promise<Counts> {
  const [row] = await t.db.prisma.$queryRaw<Array<{ services: bigint; ledger: bigint; jobs: bigint; lifecycle: bigint }>>`
    SELECT (SELECT count(*) FROM services) AS services,
           (SELECT count(*) FROM quota_ledger) AS ledger,
           (SELECT count(*) FROM pgboss.job) AS jobs,
           (SELECT count(*) FROM pgboss.job WHERE name = ${SERVICE_LIFECYCLE_QUEUE}) AS lifecycle`;
  return { services: Number(row!.services), ledger: Number(row!.ledger), jobs: Number(row!.jobs), lifecycleJobs: Number(row!.lifecycle) };
}

async function jobsFor(serviceId: string): Promise<Array<{ name: string; action: string }>> {
  return t.db.prisma.$queryRaw<Array<{ name: string; action: string }>>`
    SELECT name, data->>'action' AS action FROM pgboss.job WHERE data->>'serviceId' = ${serviceId}`;
}

function post(cookie: string, payload: unknown, options: { query?: string; headers?: Record<string, string> } = {}) {
  const raw = typeof payload === "string";
  return t.app.inject({
    method: "POST",
    url: `/api/v1/services${options.query ?? ""}`,
    headers: { cookie, ...(raw ? { "content-type": "application/json" } : {}), ...options.headers },
    payload: payload as string | object,
  });
}

function config(cat: DemoCatalogue, overrides: Partial<Record<keyof VersionConfiguration, unknown>> = {}): Json {
  return {
    versionId: cat.versions["text-classifier@1.0.0"]!,
    trafficRatio: 100,
    flavorId: "cpu.2u8g",
    computeNodes: 1,
    envVars: [],
    ...overrides,
  };
}

function body(cat: DemoCatalogue, overrides: Json = {}): Json {
  return { ...(deployBody(cat) as unknown as Json), ...overrides };
}

function dedicated(cat: DemoCatalogue, ...pools: string[]) {
  return { type: "dedicated", poolIds: pools.map((p) => cat.pools[p]!) };
}

interface ExpectedIssue {
  path: string;
  rule: string;
  message?: string | RegExp;
}

/** The request is refused with problem+json naming the field and rule, and nothing is written. */
async function expectRefused(
  cookie: string,
  payload: unknown,
  expected: ExpectedIssue | ExpectedIssue[],
  options: { status?: number; query?: string; headers?: Record<string, string> } = {},
) {
  const before = await counts();
  const res = await post(cookie, payload, options);
  expect(res.statusCode, res.body).toBe(options.status ?? 422);
  expect(res.headers["content-type"]).toContain(PROBLEM_JSON);
  const problem = res.json();
  expect(problem.status).toBe(options.status ?? 422);
  for (const e of Array.isArray(expected) ? expected : [expected]) {
    expect(problem.errors, res.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: e.path,
          rule: e.rule,
          ...(e.message === undefined
            ? {}
            : { message: typeof e.message === "string" ? e.message : expect.stringMatching(e.message) }),
        }),
      ]),
    );
  }
  expect(await counts()).toEqual(before);
  return problem as { detail: string; errors: Array<{ path: string; rule: string; message: string }> };
}

/** 202, Deploying, one more service row and exactly one more lifecycle job, for this service. */
async function expectAccepted(cookie: string, payload: unknown, options: { headers?: Record<string, string> } = {}) {
  const before = await counts();
  const res = await post(cookie, payload, options);
  expect(res.statusCode, res.body).toBe(202);
  expect(res.headers["content-type"]).toContain("application/json");
  const service = res.json();
  expect(service.state).toBe("Deploying");
  expect(res.headers.location).toBe(`/api/v1/services/${service.id}`);
  const after = await counts();
  expect(after.services).toBe(before.services + 1);
  expect(after.jobs).toBe(before.jobs + 1);
  expect(after.lifecycleJobs).toBe(before.lifecycleJobs + 1);
  expect(await jobsFor(service.id)).toEqual([{ name: SERVICE_LIFECYCLE_QUEUE, action: "deploy" }]);
  return service;
}

async function quota(cookie: string) {
  const res = await t.app.inject({ method: "GET", url: "/api/v1/quota", headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return res.json() as { used: { vcpus: number; memoryGiB: number; gpus: number }; left: { vcpus: number }; holders: Array<{ id: string; kind: string }> };
}

function action(cookie: string, method: "POST" | "DELETE" | "GET", url: string) {
  return t.app.inject({ method, url, headers: { cookie } });
}

// ---------------------------------------------------------------------------------------------

describe("R1 service limit", () => {
  const free = () => body(bobCat, { configurations: [config(bobCat, { flavorId: "cpu.free.1u4g" })] });

  async function fillBobTo(limit: number) {
    const existing = await t.db.prisma.service.count({ where: { ownerId: bobCat.userId } });
    for (let i = existing; i < limit; i++) {
      const res = await post(bob, free());
      expect(res.statusCode, res.body).toBe(202);
    }
  }

  it("R1 refuses the 21st service with a message on how to free a slot, and accepts again after a delete", async () => {
    await fillBobTo(SERVICE_LIMIT - 1);
    await expectAccepted(bob, free());
    expect(await t.db.prisma.service.count({ where: { ownerId: bobCat.userId } })).toBe(SERVICE_LIMIT);

    const problem = await expectRefused(bob, free(), { path: "", rule: "R1", message: /Delete a service/ });
    expect(problem.errors.find((e) => e.rule === "R1")!.message).toContain(String(SERVICE_LIMIT));

    // Services count in every state, a Failed one included.
    const victim = await t.db.prisma.service.findFirstOrThrow({ where: { ownerId: bobCat.userId } });
    await t.db.prisma.service.update({ where: { id: victim.id }, data: { state: "Failed" } });
    await expectRefused(bob, free(), { path: "", rule: "R1" });

    const deleted = await action(bob, "DELETE", `/api/v1/services/${victim.id}`);
    expect(deleted.statusCode).toBe(204);
    await expectAccepted(bob, free());
    await expectRefused(bob, free(), { path: "", rule: "R1" });
  });

  it("R1 holds the limit under concurrent deploys", async () => {
    await fillBobTo(SERVICE_LIMIT - 2);
    const responses = await Promise.all(Array.from({ length: 6 }, () => post(bob, free())));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([202, 202, 422, 422, 422, 422]);
    for (const r of responses.filter((x) => x.statusCode === 422)) {
      expect(r.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: "", rule: "R1" })]));
    }
    expect(await t.db.prisma.service.count({ where: { ownerId: bobCat.userId } })).toBe(SERVICE_LIMIT);
  });

  it("R1 reports the limit even when the body is also malformed", async () => {
    await fillBobTo(SERVICE_LIMIT);
    await expectRefused(bob, { name: 7 }, [
      { path: "", rule: "R1" },
      { path: "name", rule: "R2" },
    ]);
  });
});

describe("R2 name and description", () => {
  it.each([
    ["empty", ""],
    ["starting with a digit", "1service"],
    ["starting with a hyphen", "-service"],
    ["with a space", "my service"],
    ["with a dot", "my.service"],
    ["with non-ASCII letters", "sérvice"],
    ["65 characters long", `a${"b".repeat(64)}`],
  ])("R2 refuses a name %s", async (_label, name) => {
    await expectRefused(alice, body(aliceCat, { name }), { path: "name", rule: "R2" });
  });

  it("R2 refuses a missing name with the 'enter a name' message", async () => {
    const payload = body(aliceCat);
    delete payload["name"];
    await expectRefused(alice, payload, { path: "name", rule: "R2", message: "Enter a name for the service." });
  });

  it("R2 refuses a name the user already has, but another user may use it", async () => {
    await expectAccepted(alice, body(aliceCat, { name: "shared-name" }));
    await expectRefused(alice, body(aliceCat, { name: "shared-name" }), {
      path: "name",
      rule: "R2",
      message: /already have a service named "shared-name"/,
    });
    await expectAccepted(bob, body(bobCat, { name: "shared-name", configurations: [config(bobCat)] }));
  });

  it("R2 refuses a description longer than 100 characters", async () => {
    await expectRefused(alice, body(aliceCat, { description: "d".repeat(101) }), {
      path: "description",
      rule: "R2",
      message: "Description must be at most 100 characters.",
    });
  });

  it("R2 accepts 1- and 64-character names with letters, digits, - and _, and a 100-character description", async () => {
    const one = await expectAccepted(alice, body(aliceCat, { name: "A" }));
    expect(one.name).toBe("A");
    const long = `Ab9_-${"x".repeat(59)}`;
    expect(long).toHaveLength(64);
    const service = await expectAccepted(alice, body(aliceCat, { name: long, description: "d".repeat(100) }));
    expect(service).toMatchObject({ name: long, description: "d".repeat(100) });
    const noDescription = body(aliceCat);
    delete noDescription["description"];
    expect((await expectAccepted(alice, noDescription)).description).toBe("");
  });
});

describe("R3 resource pool", () => {
  it("R3 refuses another user's pool exactly like a pool that does not exist", async () => {
    const payload = (poolId: string) =>
      body(bobCat, {
        resourcePool: { type: "dedicated", poolIds: [poolId] },
        configurations: [config(bobCat, { flavorId: "cpu.8u32g" })],
      });
    const foreign = await expectRefused(bob, payload(aliceCat.pools["pool-new-east"]!), {
      path: "resourcePool.poolIds.0",
      rule: "R3",
    });
    const missing = await expectRefused(bob, payload(crypto.randomUUID()), { path: "resourcePool.poolIds.0", rule: "R3" });
    const strip = (p: Json) => ({ ...p, instance: undefined });
    expect(strip(foreign as unknown as Json)).toEqual(strip(missing as unknown as Json));
    expect(JSON.stringify(foreign)).not.toContain("pool-new-east");
  });

  it("R3 refuses a flavor the dedicated pool does not offer", async () => {
    await expectRefused(
      alice,
      body(aliceCat, { resourcePool: dedicated(aliceCat, "pool-new-east"), configurations: [config(aliceCat, { flavorId: "cpu.2u8g" })] }),
      { path: "configurations.0.flavorId", rule: "R3", message: /runs only CPU: 8 vCPUs \| 32 GiB nodes/ },
    );
  });

  it("R3 refuses a dedicated choice with no pool, two pools without multi-pool, and a pool that is not Running", async () => {
    const cfg = [config(aliceCat, { flavorId: "cpu.8u32g" })];
    await expectRefused(alice, body(aliceCat, { resourcePool: { type: "dedicated", poolIds: [] }, configurations: cfg }), {
      path: "resourcePool.poolIds",
      rule: "R3",
    });
    await expectRefused(
      alice,
      body(aliceCat, { resourcePool: dedicated(aliceCat, "pool-new-east", "pool-new-west"), configurations: cfg }),
      { path: "resourcePool.poolIds", rule: "R3", message: /Multi-Pool Load Balancing/ },
    );
    await expectRefused(alice, body(aliceCat, { resourcePool: { type: "shared" } }), { path: "resourcePool.type", rule: "R3" });
    await expectRefused(alice, body(aliceCat, { resourcePool: null }), { path: "resourcePool", rule: "R3" });

    const legacy = aliceCat.pools["pool-old-legacy"]!;
    await t.db.prisma.resourcePool.update({ where: { id: legacy }, data: { state: "Scaling" } });
    try {
      await expectRefused(alice, body(aliceCat, { resourcePool: dedicated(aliceCat, "pool-old-legacy"), configurations: cfg }), {
        path: "resourcePool.poolIds.0",
        rule: "R3",
        message: /deployed only to Running pools/,
      });
    } finally {
      await t.db.prisma.resourcePool.update({ where: { id: legacy }, data: { state: "Running" } });
    }
  });

  it("R3 accepts the public pool and one of the user's own Running dedicated pools", async () => {
    const pub = await expectAccepted(alice, body(aliceCat));
    expect(pub).toMatchObject({ poolType: "public", pools: [{ id: aliceCat.pools["public"] }] });
    const own = await expectAccepted(
      alice,
      body(aliceCat, { resourcePool: dedicated(aliceCat, "pool-new-east"), configurations: [config(aliceCat, { flavorId: "cpu.8u32g" })] }),
    );
    expect(own).toMatchObject({ poolType: "dedicated", pools: [{ id: aliceCat.pools["pool-new-east"], name: "pool-new-east" }] });
  });
});

describe("R4 multi-pool load balancing", () => {
  const multi = (pools: string[], computeNodes: number) =>
    body(aliceCat, {
      multiPoolLoadBalancing: true,
      resourcePool: dedicated(aliceCat, ...pools),
      configurations: [config(aliceCat, { flavorId: "cpu.8u32g", computeNodes })],
    });

  it("R4 refuses mixing a new-version and an old-version pool", async () => {
    await expectRefused(alice, multi(["pool-new-east", "pool-old-legacy"], 2), {
      path: "resourcePool.poolIds",
      rule: "R4",
      message: /both new-version pools/,
    });
  });

  it("R4 refuses an odd number of compute nodes", async () => {
    await expectRefused(alice, multi(["pool-new-east", "pool-new-west"], 3), {
      path: "configurations.0.computeNodes",
      rule: "R4",
      message: /even number of at least 2/,
    });
  });

  it("R4 refuses one pool, the same pool twice, and the public pool", async () => {
    await expectRefused(alice, multi(["pool-new-east"], 2), { path: "resourcePool.poolIds", rule: "R4", message: /you chose 1/ });
    await expectRefused(alice, multi(["pool-new-east", "pool-new-east"], 2), { path: "resourcePool.poolIds", rule: "R4" });
    await expectRefused(
      alice,
      body(aliceCat, { multiPoolLoadBalancing: true, configurations: [config(aliceCat, { computeNodes: 2 })] }),
      { path: "multiPoolLoadBalancing", rule: "R4" },
    );
  });

  it("R4 refuses two pools with different node flavors", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/pools",
      headers: { cookie: alice },
      payload: { name: "pool-small-new", flavorId: "cpu.2u8g", nodeCount: 2, generation: "new" },
    });
    expect(created.statusCode, created.body).toBe(201);
    const small = created.json().id as string;
    try {
      await expectRefused(
        alice,
        body(aliceCat, {
          multiPoolLoadBalancing: true,
          resourcePool: { type: "dedicated", poolIds: [aliceCat.pools["pool-new-east"]!, small] },
          configurations: [config(aliceCat, { flavorId: "cpu.8u32g", computeNodes: 2 })],
        }),
        { path: "resourcePool.poolIds", rule: "R4", message: /same node specification/ },
      );
    } finally {
      const deleted = await t.app.inject({ method: "DELETE", url: `/api/v1/pools/${small}`, headers: { cookie: alice } });
      expect(deleted.statusCode).toBe(204);
    }
  });

  it("R4 accepts new-east + new-west with 2 compute nodes, taking one node in each pool", async () => {
    const service = await expectAccepted(alice, multi(["pool-new-east", "pool-new-west"], 2));
    expect(service.multiPoolLoadBalancing).toBe(true);
    expect(service.pools.map((p: { name: string }) => p.name)).toEqual(["pool-new-east", "pool-new-west"]);
    const pools = (await action(alice, "GET", "/api/v1/pools")).json().items as Array<{ name: string; freeNodes: number }>;
    expect(pools.find((p) => p.name === "pool-new-east")!.freeNodes).toBe(3);
    expect(pools.find((p) => p.name === "pool-new-west")!.freeNodes).toBe(3);
    // Dedicated pools hold the quota; the service adds none (R12).
    expect((await quota(alice)).used).toEqual(ALICE_BASELINE);
  });
});

describe("R5 versions and traffic ratios", () => {
  const v = (name: string) => aliceCat.versions[name]!;

  it.each([
    ["text-classifier@2.1.0", "Building"],
    ["text-classifier@0.9.0", "Failed"],
  ])("R5 refuses %s and names its state", async (version, state) => {
    await expectRefused(alice, body(aliceCat, { configurations: [config(aliceCat, { versionId: v(version) })] }), {
      path: "configurations.0.versionId",
      rule: "R5",
      message: new RegExp(`is ${state}; only versions in the Normal state`),
    });
  });

  it("R5 refuses another user's version exactly like a version that does not exist", async () => {
    const foreign = await expectRefused(
      bob,
      body(bobCat, { configurations: [config(bobCat, { versionId: v("text-classifier@1.0.0") })] }),
      { path: "configurations.0.versionId", rule: "R5" },
    );
    const missing = await expectRefused(
      bob,
      body(bobCat, { configurations: [config(bobCat, { versionId: crypto.randomUUID() })] }),
      { path: "configurations.0.versionId", rule: "R5" },
    );
    expect(foreign.errors).toEqual(missing.errors);
    expect(foreign.detail).toBe(missing.detail);
    expect(JSON.stringify(foreign)).not.toContain("text-classifier");
  });

  it("R5 refuses the same version twice", async () => {
    await expectRefused(
      alice,
      body(aliceCat, {
        configurations: [
          config(aliceCat, { trafficRatio: 50 }),
          config(aliceCat, { trafficRatio: 50 }),
        ],
      }),
      { path: "configurations.1.versionId", rule: "R5", message: /already used in configuration 1/ },
    );
  });

  it("R5 refuses traffic ratios that do not sum to 100", async () => {
    await expectRefused(
      alice,
      body(aliceCat, {
        configurations: [
          config(aliceCat, { trafficRatio: 60 }),
          config(aliceCat, { versionId: v("text-classifier@2.0.0"), trafficRatio: 30 }),
        ],
      }),
      { path: "configurations", rule: "R5", message: "Traffic ratios must add up to exactly 100%; they add up to 90%." },
    );
    await expectRefused(alice, body(aliceCat, { configurations: [config(aliceCat, { trafficRatio: 99 })] }), {
      path: "configurations",
      rule: "R5",
      message: /single version must receive 100%/,
    });
  });

  it("R5 refuses traffic ratios that are not whole numbers from 0 to 100", async () => {
    for (const trafficRatio of [-1, 101, 50.5, "100"]) {
      await expectRefused(alice, body(aliceCat, { configurations: [config(aliceCat, { trafficRatio })] }), {
        path: "configurations.0.trafficRatio",
        rule: "R5",
      });
    }
  });

  it("R5 refuses no configuration and versions of two different applications", async () => {
    await expectRefused(alice, body(aliceCat, { configurations: [] }), { path: "configurations", rule: "R5" });
    await expectRefused(
      alice,
      body(aliceCat, {
        configurations: [
          config(aliceCat, { trafficRatio: 50 }),
          config(aliceCat, { versionId: v("number-regressor@1.0.0"), trafficRatio: 50 }),
        ],
      }),
      { path: "configurations.1.versionId", rule: "R5", message: /same AI application/ },
    );
  });

  it("R5 refuses two versions on the free flavor (no gray launch)", async () => {
    await expectRefused(
      alice,
      body(aliceCat, {
        configurations: [
          config(aliceCat, { trafficRatio: 70, flavorId: "cpu.free.1u4g" }),
          config(aliceCat, { versionId: v("text-classifier@2.0.0"), trafficRatio: 30, flavorId: "cpu.free.1u4g" }),
        ],
      }),
      { path: "configurations", rule: "R5", message: /does not support gray launch/ },
    );
  });

  it("R5 accepts two Normal versions at 70/30", async () => {
    const service = await expectAccepted(
      alice,
      body(aliceCat, {
        configurations: [
          config(aliceCat, { trafficRatio: 70 }),
          config(aliceCat, { versionId: v("text-classifier@2.0.0"), trafficRatio: 30 }),
        ],
      }),
    );
    expect(service.versions).toEqual([
      { versionId: v("text-classifier@1.0.0"), version: "1.0.0", trafficRatio: 70 },
      { versionId: v("text-classifier@2.0.0"), version: "2.0.0", trafficRatio: 30 },
    ]);
    // A single version on the free flavor is fine.
    await expectAccepted(alice, body(aliceCat, { configurations: [config(aliceCat, { flavorId: "cpu.free.1u4g" })] }));
  });
});

describe("R6 specifications", () => {
  it("R6 refuses a gray (unavailable) flavor", async () => {
    await expectRefused(alice, body(aliceCat, { configurations: [config(aliceCat, { flavorId: "gpu.a100.16u128g" })] }), {
      path: "configurations.0.flavorId",
      rule: "R6",
      message: /not available in this environment/,
    });
  });

  it("R6 refuses an unknown or empty flavor", async () => {
    await expectRefused(alice, body(aliceCat, { configurations: [config(aliceCat, { flavorId: "cpu.999u" })] }), {
      path: "configurations.0.flavorId",
      rule: "R6",
      message: /Specification not found/,
    });
    await expectRefused(alice, body(aliceCat, { configurations: [config(aliceCat, { flavorId: "" })] }), {
      path: "configurations.0.flavorId",
      rule: "R6",
      message: "Choose a specification.",
    });
  });

  it("R6 accepts available CPU and GPU flavors", async () => {
    const gpu = await expectAccepted(alice, body(aliceCat, { configurations: [config(aliceCat, { flavorId: "gpu.t4.8u32g" })] }));
    expect(gpu.configurations[0]).toMatchObject({ flavorId: "gpu.t4.8u32g", flavorName: expect.stringContaining("T4") });
  });
});

describe("R7 compute nodes", () => {
  it.each([
    ["0", 0],
    ["a fraction", 1.5],
    ["negative", -2],
    ["above 128", 129],
    ["a string", "2"],
  ])("R7 refuses %s compute nodes", async (_label, computeNodes) => {
    await expectRefused(alice, body(aliceCat, { configurations: [config(aliceCat, { computeNodes })] }), {
      path: "configurations.0.computeNodes",
      rule: "R7",
      message: "Compute nodes must be a whole number from 1 to 128.",
    });
  });

  it("R7 refuses more nodes than a dedicated pool has free", async () => {
    const inLegacy = (computeNodes: number) =>
      body(aliceCat, {
        resourcePool: dedicated(aliceCat, "pool-old-legacy"),
        configurations: [config(aliceCat, { flavorId: "cpu.8u32g", computeNodes })],
      });
    await expectRefused(alice, inLegacy(3), {
      path: "configurations",
      rule: "R7",
      message: /"pool-old-legacy" has 2 free nodes, but this service needs 3/,
    });
    // Nodes taken by an existing service are not free any more.
    await expectAccepted(alice, inLegacy(1));
    await expectRefused(alice, inLegacy(2), { path: "configurations", rule: "R7", message: /has 1 free node,/ });
  });

  it("R7 accepts standalone and distributed (all free nodes of a pool)", async () => {
    const standalone = await expectAccepted(alice, body(aliceCat));
    expect(standalone.configurations[0].computeNodes).toBe(1);
    const distributed = await expectAccepted(
      alice,
      body(aliceCat, {
        resourcePool: dedicated(aliceCat, "pool-old-legacy"),
        configurations: [config(aliceCat, { flavorId: "cpu.8u32g", computeNodes: 2 })],
      }),
    );
    expect(distributed.configurations[0].computeNodes).toBe(2);
  });
});

describe("R8 environment variables", () => {
  const SECRET = "hunter2-Sup3rS3cret-value";
  const withEnv = (envVars: unknown) => body(aliceCat, { configurations: [config(aliceCat, { envVars })] });

  it.each([
    ["starting with a digit", "1ABC"],
    ["with a hyphen", "MY-KEY"],
    ["with a space", "MY KEY"],
    ["empty", ""],
    ["too long", `K${"k".repeat(128)}`],
  ])("R8 refuses a key %s and never echoes the value", async (_label, key) => {
    const problem = await expectRefused(alice, withEnv([{ key, value: SECRET }]), {
      path: "configurations.0.envVars.0.key",
      rule: "R8",
    });
    expect(JSON.stringify(problem)).not.toContain(SECRET);
  });

  it("R8 refuses duplicate keys", async () => {
    const problem = await expectRefused(
      alice,
      withEnv([
        { key: "MODE", value: SECRET },
        { key: "MODE", value: `${SECRET}-2` },
      ]),
      { path: "configurations.0.envVars.1.key", rule: "R8", message: /MODE is already defined/ },
    );
    expect(JSON.stringify(problem)).not.toContain(SECRET);
  });

  it("R8 refuses too many variables, a too-long value and a non-text value without echoing values", async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ key: `K${i}`, value: SECRET }));
    const p1 = await expectRefused(alice, withEnv(many), { path: "configurations.0.envVars", rule: "R8", message: /at most 50/ });
    const longValue = `${SECRET}${"x".repeat(4096)}`;
    const p2 = await expectRefused(alice, withEnv([{ key: "BIG", value: longValue }]), {
      path: "configurations.0.envVars.0.value",
      rule: "R8",
    });
    const p3 = await expectRefused(alice, withEnv([{ key: "N", value: 12345 }]), {
      path: "configurations.0.envVars.0.value",
      rule: "R8",
    });
    const p4 = await expectRefused(alice, withEnv({ MODE: SECRET }), { path: "configurations.0.envVars", rule: "R8" });
    for (const p of [p1, p2, p3, p4]) expect(JSON.stringify(p)).not.toContain(SECRET);
    expect(JSON.stringify(p3)).not.toContain("12345");
  });

  it("R8 accepts well-formed unique keys, and the dry run warns about secret-looking keys", async () => {
    const envVars = [
      { key: "MODEL_MODE", value: "fast" },
      { key: "_private2", value: "" },
      { key: "API_TOKEN", value: SECRET },
    ];
    const preview = await post(alice, withEnv(envVars), { query: "?dryRun=true" });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().valid).toBe(true);
    expect(preview.json().warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/sensitive information/), expect.stringMatching(/^API_TOKEN looks like it holds a secret/)]),
    );
    expect(preview.body).not.toContain(SECRET);
    const service = await expectAccepted(alice, withEnv(envVars));
    expect(service.configurations[0].envVars).toEqual(envVars.map(({ key }) => ({ key, value: MASKED_ENV_VAR_VALUE })));
  });

  it("R8 never writes environment variable values to the API log or the job queue", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logged = await buildApp({ prisma: t.db.prisma, jobs: t.jobs, logger: pino({ level: "trace" }, sink), cookieSecure: false, envVarCipher: t.app.envVarCipher, artifactStore: t.artifactStore });
    await logged.ready();
    try {
      const cookie = await login(logged, "alice");
      const send = (payload: unknown, url = "/api/v1/services") =>
        logged.inject({
          method: "POST",
          url,
          headers: { cookie, origin: CONSOLE_ORIGIN, ...(typeof payload === "string" ? { "content-type": "application/json" } : {}) },
          payload: payload as string | object,
        });
      const refusedKey = await send(withEnv([{ key: "9BAD", value: SECRET }]));
      expect(refusedKey.statusCode).toBe(422);
      const refusedDup = await send(withEnv([{ key: "A", value: SECRET }, { key: "A", value: SECRET }]));
      expect(refusedDup.statusCode).toBe(422);
      const refusedOther = await send({ ...withEnv([{ key: "PASSWORD", value: SECRET }]), timeoutMinutes: 1 });
      expect(refusedOther.statusCode).toBe(422);
      const preview = await send(withEnv([{ key: "PASSWORD", value: SECRET }]), "/api/v1/services?dryRun=true");
      expect(preview.statusCode).toBe(200);
      const accepted = await send(withEnv([{ key: "PASSWORD", value: SECRET }]));
      expect(accepted.statusCode).toBe(202);
      for (const r of [refusedKey, refusedDup, refusedOther, preview]) expect(r.body).not.toContain(SECRET);
      const bad = await send(`{"name":"x","configurations":[{"envVars":[{"key":"K","value":"${SECRET}"}]`);
      expect(bad.statusCode).toBe(400);
      expect(bad.body).not.toContain(SECRET);
    } finally {
      await logged.close();
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(SECRET);
    const [leak] = await t.db.prisma.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM pgboss.job WHERE data::text LIKE ${`%${SECRET}%`}`;
    expect(Number(leak!.n)).toBe(0);
  });
});

describe("R9 timeout", () => {
  it.each([2, 121, 0, 20.5, "20"])("R9 refuses a timeout of %s", async (timeoutMinutes) => {
    await expectRefused(alice, body(aliceCat, { timeoutMinutes }), {
      path: "timeoutMinutes",
      rule: "R9",
      message: "Timeout must be a whole number of minutes from 3 to 120.",
    });
  });

  it("R9 applies the default of 20 minutes when the timeout is omitted", async () => {
    const payload = body(aliceCat);
    delete payload["timeoutMinutes"];
    const service = await expectAccepted(alice, payload);
    expect(service.timeoutMinutes).toBe(20);
    const row = await t.db.prisma.service.findUniqueOrThrow({ where: { id: service.id } });
    const minutes = (row.deployDeadline!.getTime() - row.createdAt.getTime()) / 60_000;
    expect(minutes).toBeGreaterThan(19.9);
    expect(minutes).toBeLessThan(20.1);
  });

  it.each([3, 120])("R9 accepts a timeout of %s minutes", async (timeoutMinutes) => {
    const service = await expectAccepted(alice, body(aliceCat, { timeoutMinutes }));
    expect(service.timeoutMinutes).toBe(timeoutMinutes);
  });
});

describe("R10 WebSocket", () => {
  const stream = (overrides: Json = {}) =>
    body(aliceCat, {
      websocket: true,
      configurations: [config(aliceCat, { versionId: aliceCat.versions["sentiment-stream@1.0.0"] })],
      ...overrides,
    });

  it("R10 refuses WebSocket with a version that is not WebSocket-compliant", async () => {
    await expectRefused(alice, body(aliceCat, { websocket: true }), {
      path: "configurations.0.versionId",
      rule: "R10",
      message: /is not WebSocket-compliant and comes from a model package/,
    });
    // A container image alone is not enough.
    await expectRefused(
      alice,
      body(aliceCat, { websocket: true, configurations: [config(aliceCat, { versionId: aliceCat.versions["number-regressor@1.0.0"] })] }),
      { path: "configurations.0.versionId", rule: "R10", message: /is not WebSocket-compliant\./ },
    );
  });

  it("R10 refuses WebSocket with a traffic limit", async () => {
    await expectRefused(alice, stream({ trafficLimit: { requestsPerSecond: 10 } }), {
      path: "trafficLimit",
      rule: "R10",
      message: /cannot have a traffic limit/,
    });
  });

  it("R10 refuses WebSocket with data collection", async () => {
    await expectRefused(alice, stream({ dataCollection: { enabled: true, samplingPercent: 10, retentionDays: 7 } }), {
      path: "dataCollection.enabled",
      rule: "R10",
      message: /cannot collect data/,
    });
  });

  it("R10 refuses a non-boolean WebSocket switch", async () => {
    await expectRefused(alice, stream({ websocket: "yes" }), { path: "websocket", rule: "R10" });
  });

  it("R10 refuses the WebSocket-only sentiment-stream as an HTTP service, on its version, saying to turn WebSocket on", async () => {
    await expectRefused(alice, stream({ websocket: false }), {
      path: "configurations.0.versionId",
      rule: "R10",
      message: /^Version 1\.0\.0 of "sentiment-stream" speaks only WebSocket, so an HTTP service would answer every call with 426 Upgrade Required\. Turn WebSocket on/,
    });
    // Left out, WebSocket defaults to off: the same refusal.
    const { websocket: _left, ...withoutSwitch } = stream();
    await expectRefused(alice, withoutSwitch, { path: "configurations.0.versionId", rule: "R10", message: /speaks only WebSocket/ });
  });

  it("R10 accepts sentiment-stream as a WebSocket service", async () => {
    const service = await expectAccepted(alice, stream());
    expect(service).toMatchObject({ websocket: true, applicationName: "sentiment-stream", trafficLimit: null, dataCollection: { enabled: false } });
  });
});

describe("R11 data collection", () => {
  it("R11 refuses data collection turned on without sampling rate and retention", async () => {
    await expectRefused(alice, body(aliceCat, { dataCollection: { enabled: true } }), [
      { path: "dataCollection.samplingPercent", rule: "R11", message: /Sampling rate must be a whole number from 1 to 100/ },
      { path: "dataCollection.retentionDays", rule: "R11", message: /Retention must be a whole number of days from 1 to 30/ },
    ]);
  });

  it("R11 refuses out-of-range sampling, retention and traffic limit", async () => {
    await expectRefused(alice, body(aliceCat, { dataCollection: { enabled: true, samplingPercent: 0, retentionDays: 31 } }), [
      { path: "dataCollection.samplingPercent", rule: "R11" },
      { path: "dataCollection.retentionDays", rule: "R11" },
    ]);
    await expectRefused(alice, body(aliceCat, { trafficLimit: { requestsPerSecond: 0 } }), {
      path: "trafficLimit.requestsPerSecond",
      rule: "R11",
    });
  });

  it("R11 keeps data collection off by default", async () => {
    const payload = body(aliceCat);
    delete payload["dataCollection"];
    const service = await expectAccepted(alice, payload);
    expect(service.dataCollection).toEqual({ enabled: false });
    const row = await t.db.prisma.service.findUniqueOrThrow({ where: { id: service.id } });
    expect(row.dataCollectionEnabled).toBe(false);
  });

  it("R11 accepts data collection with a sampling rate and retention, and a traffic limit", async () => {
    const service = await expectAccepted(
      alice,
      body(aliceCat, { dataCollection: { enabled: true, samplingPercent: 25, retentionDays: 7 }, trafficLimit: { requestsPerSecond: 50 } }),
    );
    expect(service.dataCollection).toEqual({ enabled: true, samplingPercent: 25, retentionDays: 7 });
    expect(service.trafficLimit).toEqual({ requestsPerSecond: 50 });
  });
});

describe("R12 quota", () => {
  const publicEight = (computeNodes: number, flavorId = "cpu.8u32g") =>
    body(aliceCat, { configurations: [config(aliceCat, { flavorId, computeNodes })] });

  it("R12 refuses an over-quota public deploy saying what is used, asked and left", async () => {
    const problem = await expectRefused(alice, publicEight(7), { path: "configurations", rule: "R12" });
    const message = problem.errors.find((e) => e.rule === "R12")!.message;
    expect(message).toContain("you use 80 vCPUs, 320 GiB memory and 0 GPUs");
    expect(message).toContain("asks for 56 vCPUs, 224 GiB memory and 0 GPUs");
    expect(message).toContain("only 48 vCPUs, 192 GiB memory and 4 GPUs are left");
    expect(message).toMatch(/deleting public-pool services/);
    // GPUs are counted too: 5 x T4 > 4 GPUs.
    await expectRefused(alice, publicEight(5, "gpu.t4.8u32g"), { path: "configurations", rule: "R12", message: /asks for 40 vCPUs, 160 GiB memory and 5 GPUs/ });
  });

  it("R12 holds flavor x nodes for a public deploy and releases it on delete", async () => {
    const before = await quota(alice);
    const ledger = (await counts()).ledger;
    const service = await expectAccepted(alice, publicEight(2));
    const held = await quota(alice);
    expect(held.used).toEqual({ vcpus: before.used.vcpus + 16, memoryGiB: before.used.memoryGiB + 64, gpus: 0 });
    expect(held.holders).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "service", id: service.id })]));
    expect((await counts()).ledger).toBe(ledger + 1);
    // Exactly the rest still fits; one more node does not.
    await expectRefused(alice, publicEight(5), { path: "configurations", rule: "R12", message: /only 32 vCPUs/ });
    const deleted = await action(alice, "DELETE", `/api/v1/services/${service.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await quota(alice)).used).toEqual(before.used);
    expect((await action(alice, "GET", `/api/v1/services/${service.id}`)).statusCode).toBe(404);
  });

  it("R12 leaves the quota unchanged for a dedicated-pool deploy", async () => {
    const before = await quota(alice);
    const ledger = (await counts()).ledger;
    await expectAccepted(
      alice,
      body(aliceCat, { resourcePool: dedicated(aliceCat, "pool-new-west"), configurations: [config(aliceCat, { flavorId: "cpu.8u32g", computeNodes: 4 })] }),
    );
    expect((await quota(alice)).used).toEqual(before.used);
    expect((await counts()).ledger).toBe(ledger);
  });

  it("R12 keeps the quota while a service is stopped", async () => {
    const service = await expectAccepted(alice, publicEight(1));
    const held = (await quota(alice)).used;
    expect(held.vcpus).toBe(88);

    // Stop is not allowed while Deploying: 409, and nothing changes.
    const early = await action(alice, "POST", `/api/v1/services/${service.id}/stop`);
    expect(early.statusCode).toBe(409);
    expect(early.headers["content-type"]).toContain(PROBLEM_JSON);

    // No worker runs in these tests; put the service where a worker would.
    await t.db.prisma.service.update({ where: { id: service.id }, data: { state: "Running" } });
    const jobsBefore = (await counts()).lifecycleJobs;
    const stopped = await action(alice, "POST", `/api/v1/services/${service.id}/stop`);
    expect(stopped.statusCode, stopped.body).toBe(202);
    expect(stopped.json()).toMatchObject({ state: "Stopping", desiredState: "Stopped" });
    expect((await counts()).lifecycleJobs).toBe(jobsBefore + 1);
    expect((await quota(alice)).used).toEqual(held);

    await t.db.prisma.service.update({ where: { id: service.id }, data: { state: "Stopped" } });
    expect((await quota(alice)).used).toEqual(held);
    const again = await action(alice, "POST", `/api/v1/services/${service.id}/stop`);
    expect(again.statusCode).toBe(409);
    const started = await action(alice, "POST", `/api/v1/services/${service.id}/start`);
    expect(started.statusCode).toBe(202);
    expect(started.json().state).toBe("Deploying");
    expect((await quota(alice)).used).toEqual(held);

    expect((await action(alice, "DELETE", `/api/v1/services/${service.id}`)).statusCode).toBe(204);
    expect((await quota(alice)).used).toEqual(ALICE_BASELINE);
  });
});

describe("R13 metering", () => {
  it("R13 reads metering back per service, per pool and in total", async () => {
    const service = await expectAccepted(alice, body(aliceCat, { configurations: [config(aliceCat, { computeNodes: 2 })] }));
    const east = aliceCat.pools["pool-new-east"]!;
    const start = new Date("2026-01-01T00:00:00Z");
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const serviceRecords = [
      { units: 2, seconds: 3600, from: 0 },
      { units: 2, seconds: 1800, from: 60 },
    ].map((r) => ({
      userId: aliceCat.userId,
      subject: "service",
      serviceId: service.id,
      serviceName: service.name,
      poolId: null,
      flavorId: "cpu.2u8g",
      units: r.units,
      periodStart: at(r.from),
      periodEnd: at(r.from + r.seconds / 60),
      milliseconds: BigInt(r.seconds * 1000),
      unitMilliseconds: BigInt(r.units * r.seconds * 1000),
      pricePerHourCents: 12,
    }));
    const poolRecord = {
      userId: aliceCat.userId,
      subject: "pool",
      serviceId: null,
      serviceName: null,
      poolId: east,
      flavorId: "cpu.8u32g",
      units: 4,
      periodStart: at(0),
      periodEnd: at(60),
      milliseconds: 3_600_000n,
      unitMilliseconds: 4n * 3_600_000n,
      pricePerHourCents: 48,
    };
    await t.db.prisma.meteringRecord.createMany({ data: [...serviceRecords, poolRecord] });

    const perService = await action(alice, "GET", `/api/v1/services/${service.id}/metering`);
    expect(perService.statusCode).toBe(200);
    expect(perService.json()).toMatchObject({
      totalCents: 36,
      totalMicroCents: 36_000_000,
      services: [{ id: service.id, name: service.name, seconds: 5400, milliseconds: 5_400_000, unitMilliseconds: 10_800_000, amountCents: 36, amountMicroCents: 36_000_000 }],
      pools: [],
    });
    expect(perService.json().records).toEqual([
      expect.objectContaining({ units: 2, seconds: 1800, milliseconds: 1_800_000, pricePerHourCents: 12, amountCents: 12, amountMicroCents: 12_000_000 }),
      expect.objectContaining({ units: 2, seconds: 3600, milliseconds: 3_600_000, pricePerHourCents: 12, amountCents: 24, amountMicroCents: 24_000_000 }),
    ]);

    const perPool = await action(alice, "GET", `/api/v1/pools/${east}/metering`);
    expect(perPool.statusCode).toBe(200);
    expect(perPool.json()).toMatchObject({
      totalCents: 192,
      services: [],
      pools: [{ id: east, name: "pool-new-east", seconds: 3600, amountCents: 192 }],
    });
    expect(perPool.json().records).toEqual([expect.objectContaining({ subject: "pool", poolId: east, units: 4, amountCents: 192 })]);

    const all = await action(alice, "GET", "/api/v1/metering");
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ totalCents: 228 });
    expect(all.json().records).toHaveLength(3);

    const window = await action(alice, "GET", `/api/v1/metering?from=${encodeURIComponent(at(30).toISOString())}`);
    expect(window.json()).toMatchObject({ totalCents: 12 });

    const totalsOnly = await action(alice, "GET", "/api/v1/metering?limit=0");
    expect(totalsOnly.json()).toMatchObject({ totalCents: 228, totalMicroCents: 228_000_000, records: [] });
    expect((await action(alice, "GET", "/api/v1/metering?limit=1")).json().records).toHaveLength(1);
    const badLimit = await action(alice, "GET", "/api/v1/metering?limit=-1&from=yesterday");
    expect(badLimit.statusCode).toBe(422);
    expect(badLimit.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(["from", "limit"]);

    // Bob sees none of it.
    const bobs = await action(bob, "GET", "/api/v1/metering");
    expect(bobs.json()).toMatchObject({ totalCents: 0, records: [] });
  });

  it("R13 dry run prices a public deploy at flavor price x nodes and a dedicated one at 0", async () => {
    const pub = await post(alice, body(aliceCat, { configurations: [config(aliceCat, { computeNodes: 3 })] }), { query: "?dryRun=true" });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ valid: true, hourlyCostCents: 36 });
    const gray = await post(
      alice,
      body(aliceCat, {
        configurations: [
          config(aliceCat, { trafficRatio: 50, flavorId: "gpu.t4.8u32g", computeNodes: 2 }),
          config(aliceCat, { versionId: aliceCat.versions["text-classifier@2.0.0"], trafficRatio: 50, flavorId: "cpu.8u32g", computeNodes: 1 }),
        ],
      }),
      { query: "?dryRun=true" },
    );
    expect(gray.json()).toMatchObject({ valid: true, hourlyCostCents: 180 * 2 + 48 });
    const ded = await post(
      alice,
      body(aliceCat, { resourcePool: dedicated(aliceCat, "pool-new-east"), configurations: [config(aliceCat, { flavorId: "cpu.8u32g", computeNodes: 2 })] }),
      { query: "?dryRun=true" },
    );
    expect(ded.statusCode).toBe(200);
    expect(ded.json()).toMatchObject({ valid: true, hourlyCostCents: 0, quota: { holdsQuota: false, asked: { vcpus: 0, memoryGiB: 0, gpus: 0 } } });
  });
});

describe("R15 bad input", () => {
  it("R15 answers a non-JSON body with a 400 problem and writes nothing", async () => {
    for (const raw of ["{not json", "{\"name\": ", "'single'"]) {
      const before = await counts();
      const res = await post(alice, raw);
      expect(res.statusCode).toBe(400);
      expect(res.headers["content-type"]).toContain(PROBLEM_JSON);
      expect(res.json()).toMatchObject({ status: 400, detail: expect.stringMatching(/not valid JSON/) });
      expect(await counts()).toEqual(before);
    }
  });

  it("R15 refuses a JSON array, string, number or null body as a whole-request error", async () => {
    for (const raw of ["[]", "[{\"name\":\"x\"}]", "\"hello\"", "42", "null", "true"]) {
      await expectRefused(alice, raw, { path: "", rule: "R15", message: REQUEST_MESSAGES.notAnObject });
    }
  });

  it("R15 refuses unknown fields, top level and nested, naming each", async () => {
    await expectRefused(alice, body(aliceCat, { colour: "red", replicas: 2 }), [
      { path: "colour", rule: "R15", message: /Unknown field "colour"/ },
      { path: "replicas", rule: "R15" },
    ]);
    await expectRefused(alice, body(aliceCat, { configurations: [config(aliceCat, { gpuCount: 1 } as Json)] }), {
      path: "configurations.0.gpuCount",
      rule: "R15",
    });
    await expectRefused(alice, body(aliceCat, { resourcePool: { type: "public", poolIds: [] } }), {
      path: "resourcePool.poolIds",
      rule: "R15",
    });
  });

  it("R15 refuses wrong types field by field, with the owning rule", async () => {
    await expectRefused(
      alice,
      body(aliceCat, {
        name: 42,
        description: ["x"],
        resourcePool: "public",
        multiPoolLoadBalancing: "no",
        timeoutMinutes: "20",
        websocket: 1,
        dataCollection: true,
        trafficLimit: 10,
      }),
      [
        { path: "name", rule: "R2", message: "Name must be text." },
        { path: "description", rule: "R2" },
        { path: "resourcePool", rule: "R3" },
        { path: "multiPoolLoadBalancing", rule: "R4" },
        { path: "timeoutMinutes", rule: "R9" },
        { path: "websocket", rule: "R10" },
        { path: "dataCollection", rule: "R11" },
        { path: "trafficLimit", rule: "R11" },
      ],
    );
    await expectRefused(alice, body(aliceCat, { configurations: "all" }), { path: "configurations", rule: "R5" });
    await expectRefused(alice, body(aliceCat, { configurations: [7] }), { path: "configurations.0", rule: "R5" });
    await expectRefused(
      alice,
      body(aliceCat, { configurations: [{ versionId: 5, trafficRatio: null, flavorId: {}, computeNodes: "2", envVars: "A=1" }] }),
      [
        { path: "configurations.0.versionId", rule: "R5" },
        { path: "configurations.0.trafficRatio", rule: "R5" },
        { path: "configurations.0.flavorId", rule: "R6" },
        { path: "configurations.0.computeNodes", rule: "R7" },
        { path: "configurations.0.envVars", rule: "R8" },
      ],
    );
  });

  it("R15 never answers 5xx to hostile bodies and never writes", async () => {
    const hostile: unknown[] = [
      {},
      { name: { $gt: "" } },
      { configurations: [{}] },
      { configurations: Array.from({ length: 11 }, () => ({})) },
      body(aliceCat, { timeoutMinutes: 1e308 }),
      body(aliceCat, { configurations: [config(aliceCat, { computeNodes: Number.MAX_SAFE_INTEGER + 2 })] }),
      body(aliceCat, { name: "x".repeat(100_000) }),
      body(aliceCat, { resourcePool: { type: "dedicated", poolIds: ["not-a-uuid", 7, null] } }),
      body(aliceCat, { resourcePool: { type: "dedicated", poolIds: ["x".repeat(200)] } }),
      body(aliceCat, { configurations: [config(aliceCat, { versionId: "x".repeat(500) })] }),
      body(aliceCat, { configurations: [config(aliceCat, { versionId: "'; DROP TABLE services; --" })] }),
      '{"__proto__": {"admin": true}, "name": "x"}',
      '{"constructor": {"prototype": {"admin": true}}}',
      "",
    ];
    for (const payload of hostile) {
      const before = await counts();
      const res = await post(alice, payload);
      expect(res.statusCode, `${JSON.stringify(payload).slice(0, 80)} -> ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.headers["content-type"]).toContain(PROBLEM_JSON);
      if (res.statusCode === 422) {
        const errors = res.json().errors as Array<{ path: string; rule: string; message: string }>;
        expect(errors.length).toBeGreaterThan(0);
        for (const e of errors) {
          expect(typeof e.path).toBe("string");
          expect(e.rule).toMatch(/^R\d+$/);
          expect(e.message.length).toBeGreaterThan(0);
        }
      }
      expect(await counts()).toEqual(before);
    }
  });

  it("R15 refuses a body of another media type or over the size cap", async () => {
    const before = await counts();
    const raw = (contentType: string, payload: string) =>
      t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice, "content-type": contentType }, payload });
    // Plain text is read as a string, which is not a JSON object.
    const text = await raw("text/plain", "name=x");
    expect(text.statusCode).toBe(422);
    expect(text.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(text.json().errors).toEqual([{ path: "", rule: "R15", message: REQUEST_MESSAGES.notAnObject }]);
    const form = await raw("application/x-www-form-urlencoded", "name=x");
    expect(form.statusCode).toBe(415);
    expect(form.headers["content-type"]).toContain(PROBLEM_JSON);
    const huge = await post(alice, body(aliceCat, { description: "x".repeat(300 * 1024) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(await counts()).toEqual(before);
  });

  it("R15 refuses a bad dryRun flag or Idempotency-Key with a field path", async () => {
    await expectRefused(alice, body(aliceCat), { path: "dryRun", rule: "R15" }, { query: "?dryRun=yes" });
    await expectRefused(alice, body(aliceCat), { path: "Idempotency-Key", rule: "R15" }, { headers: { "idempotency-key": "k".repeat(256) } });
  });

  it("R15 accepts the minimal body, with every default applied", async () => {
    const minimal = {
      name: "minimal",
      resourcePool: { type: "public" },
      configurations: [{ versionId: aliceCat.versions["text-classifier@1.0.0"], trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1 }],
    };
    const service = await expectAccepted(alice, minimal);
    expect(service).toMatchObject({
      name: "minimal",
      description: "",
      multiPoolLoadBalancing: false,
      timeoutMinutes: 20,
      websocket: false,
      dataCollection: { enabled: false },
      trafficLimit: null,
    });
    expect(service.configurations[0].envVars).toEqual([]);
  });
});

describe("dry run and idempotency", () => {
  it("dry run writes nothing and reports the quota impact", async () => {
    const before = await counts();
    const res = await post(alice, body(aliceCat, { configurations: [config(aliceCat, { flavorId: "cpu.8u32g", computeNodes: 2 })] }), {
      query: "?dryRun=true",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      valid: true,
      issues: [],
      quota: {
        asked: { vcpus: 16, memoryGiB: 64, gpus: 0 },
        used: ALICE_BASELINE,
        limit: { vcpus: 128, memoryGiB: 512, gpus: 4 },
        left: { vcpus: 48, memoryGiB: 192, gpus: 4 },
        fits: true,
        holdsQuota: true,
      },
      hourlyCostCents: 96,
      warnings: [],
    });
    expect(await counts()).toEqual(before);
    expect((await quota(alice)).used).toEqual(ALICE_BASELINE);
  });

  it("dry run of a refused deploy answers 200 with the same issues the deploy would give, and writes nothing", async () => {
    const before = await counts();
    // Readable but against the rules: the preview still prices it and shows the quota impact.
    const bad = body(aliceCat, {
      configurations: [
        config(aliceCat, { flavorId: "cpu.8u32g", computeNodes: 7, trafficRatio: 60 }),
        config(aliceCat, { versionId: aliceCat.versions["text-classifier@2.0.0"], trafficRatio: 30 }),
      ],
    });
    const preview = await post(alice, bad, { query: "?dryRun=true" });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      valid: false,
      quota: { fits: false, asked: { vcpus: 58, memoryGiB: 232, gpus: 0 } },
      hourlyCostCents: 7 * 48 + 12,
    });
    const refused = await expectRefused(alice, bad, [
      { path: "configurations", rule: "R5" },
      { path: "configurations", rule: "R12" },
    ]);
    expect(preview.json().issues).toEqual(refused.errors);

    // Unreadable fields: no quota or price, the same issues as the deploy.
    const malformed = body(aliceCat, { name: "1bad", timeoutMinutes: 500 });
    const preview2 = await post(alice, malformed, { query: "?dryRun=true" });
    expect(preview2.json()).toMatchObject({ valid: false, quota: null, hourlyCostCents: null });
    const refused2 = await expectRefused(alice, malformed, [
      { path: "name", rule: "R2" },
      { path: "timeoutMinutes", rule: "R9" },
    ]);
    expect(preview2.json().issues).toEqual(refused2.errors);
    expect(await counts()).toEqual(before);
  });

  it("an Idempotency-Key retry returns the same service and creates one row and one job", async () => {
    const payload = body(aliceCat);
    const key = crypto.randomUUID();
    const first = await expectAccepted(alice, payload, { headers: { "idempotency-key": key } });
    const before = await counts();
    const retry = await post(alice, payload, { headers: { "idempotency-key": key } });
    expect(retry.statusCode).toBe(202);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.json().id).toBe(first.id);
    expect(await counts()).toEqual(before);
    expect(await t.db.prisma.service.count({ where: { name: payload["name"] as string } })).toBe(1);
    expect((await quota(alice)).used.vcpus).toBe(ALICE_BASELINE.vcpus + 2);

    // Concurrent retries of a new key also make one service.
    const key2 = crypto.randomUUID();
    const payload2 = body(aliceCat);
    const results = await Promise.all(Array.from({ length: 4 }, () => post(alice, payload2, { headers: { "idempotency-key": key2 } })));
    expect(results.map((r) => r.statusCode)).toEqual([202, 202, 202, 202]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(await t.db.prisma.service.count({ where: { name: payload2["name"] as string } })).toBe(1);
  });

  it("the same Idempotency-Key with a different body is a 409 conflict that writes nothing", async () => {
    const key = crypto.randomUUID();
    await expectAccepted(alice, body(aliceCat), { headers: { "idempotency-key": key } });
    const before = await counts();
    const res = await post(alice, body(aliceCat), { headers: { "idempotency-key": key } });
    expect(res.statusCode).toBe(409);
    expect(res.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(res.json().detail).toMatch(/already used for a different request/);
    expect(await counts()).toEqual(before);
    // Keys are per user: bob may use the same key.
    await expectAccepted(bob, body(bobCat, { configurations: [config(bobCat)] }), { headers: { "idempotency-key": key } });
  });

  it("a refused deploy does not burn its Idempotency-Key", async () => {
    const key = crypto.randomUUID();
    await expectRefused(alice, body(aliceCat, { timeoutMinutes: 1 }), { path: "timeoutMinutes", rule: "R9" }, { headers: { "idempotency-key": key } });
    await expectAccepted(alice, body(aliceCat), { headers: { "idempotency-key": key } });
  });
});
