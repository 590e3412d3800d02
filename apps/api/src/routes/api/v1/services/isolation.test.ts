// Cross-user isolation: another user's service, pool, AI application or API token is answered
// exactly like one that does not exist (404, never 403), nothing of it changes, and an API token
// acts as its owner only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../../../../testing/test-app.ts";

let t: TestApp;
let alice: string;
let bob: string;
let aliceCat: DemoCatalogue;
let bobCat: DemoCatalogue;
let aliceService: { id: string; name: string };
let aliceDedicatedService: { id: string; name: string };
let bobService: { id: string; name: string };

const PROBLEM_JSON = "application/problem+json";

type Method = "GET" | "POST" | "PATCH" | "DELETE";
type Auth = { cookie: string } | { authorization: string };

function send(auth: Auth, method: Method, url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { ...auth }, ...(payload === undefined ? {} : { payload }) });
}

async function counts() {
  const [row] = await t.db.prisma.$queryRaw<Array<{ services: bigint; pools: bigint; ledger: bigint; jobs: bigint; tokens: bigint }>>`
    SELECT (SELECT count(*) FROM services) AS services,
           (SELECT count(*) FROM resource_pools) AS pools,
           (SELECT count(*) FROM quota_ledger) AS ledger,
           (SELECT count(*) FROM pgboss.job) AS jobs,
           (SELECT count(*) FROM api_tokens WHERE "revokedAt" IS NULL) AS tokens`;
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

/** A 404 problem that reads the same as the one for an id that does not exist. */
async function expectHidden(auth: Auth, method: Method, url: (id: string) => string, id: string, payload?: object) {
  const before = await counts();
  const res = await send(auth, method, url(id), payload);
  expect(res.statusCode, `${method} ${url(id)}: ${res.body}`).toBe(404);
  expect(res.headers["content-type"]).toContain(PROBLEM_JSON);
  const missing = await send(auth, method, url(crypto.randomUUID()), payload);
  expect(missing.statusCode).toBe(404);
  const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined });
  expect(strip(res.json())).toEqual(strip(missing.json()));
  expect(await counts()).toEqual(before);
  return res;
}

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  bob = await login(t.app, "bob");
  aliceCat = await demoCatalogue(t.db, "alice");
  bobCat = await demoCatalogue(t.db, "bob");

  const deploy = async (cookie: string, body: object) => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie }, payload: body });
    expect(res.statusCode, res.body).toBe(202);
    return res.json() as { id: string; name: string };
  };
  aliceService = await deploy(alice, deployBody(aliceCat, { name: "alice-secret-project" }));
  aliceDedicatedService = await deploy(
    alice,
    deployBody(aliceCat, {
      name: "alice-dedicated",
      resourcePool: { type: "dedicated", poolIds: [aliceCat.pools["pool-new-east"]!] },
      configurations: [
        { versionId: aliceCat.versions["text-classifier@1.0.0"]!, trafficRatio: 100, flavorId: "cpu.8u32g", computeNodes: 1, envVars: [] },
      ],
    }),
  );
  bobService = await deploy(bob, deployBody(bobCat, { name: "bob-service" }));
  // Running, so stop would be allowed for its owner: bob must still get 404, not 409 or 202.
  await t.db.prisma.service.update({ where: { id: aliceService.id }, data: { state: "Running" } });
  await t.db.prisma.service.update({ where: { id: aliceDedicatedService.id }, data: { state: "Failed" } });
  await t.db.prisma.meteringRecord.create({
    data: {
      userId: aliceCat.userId,
      subject: "service",
      serviceId: aliceService.id,
      serviceName: aliceService.name,
      flavorId: "cpu.2u8g",
      units: 1,
      periodStart: new Date("2026-01-01T00:00:00Z"),
      periodEnd: new Date("2026-01-01T01:00:00Z"),
      milliseconds: 3_600_000n,
      unitMilliseconds: 3_600_000n,
      pricePerHourCents: 12,
    },
  });
});

afterAll(async () => t?.close());

describe("another user's services", () => {
  const svc = (id: string) => `/api/v1/services/${id}`;

  it("answers 404 (not 403) to GET, DELETE, stop, start and metering of alice's service, and changes nothing", async () => {
    await expectHidden({ cookie: bob }, "GET", svc, aliceService.id);
    await expectHidden({ cookie: bob }, "DELETE", svc, aliceService.id);
    await expectHidden({ cookie: bob }, "POST", (id) => `${svc(id)}/stop`, aliceService.id);
    await expectHidden({ cookie: bob }, "POST", (id) => `${svc(id)}/start`, aliceDedicatedService.id);
    await expectHidden({ cookie: bob }, "POST", (id) => `${svc(id)}/start`, aliceService.id);
    await expectHidden({ cookie: bob }, "GET", (id) => `${svc(id)}/metering`, aliceService.id);

    const row = await t.db.prisma.service.findUniqueOrThrow({ where: { id: aliceService.id } });
    expect(row).toMatchObject({ state: "Running", desiredState: "Running" });
    const own = await send({ cookie: alice }, "GET", svc(aliceService.id));
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: aliceService.id, state: "Running" });
  });

  it("never lists alice's services in bob's list, whatever the filters", async () => {
    for (const query of ["", "?q=alice", "?q=secret", "?state=Running", "?state=Failed", "?pageSize=100&sort=name"]) {
      const res = await send({ cookie: bob }, "GET", `/api/v1/services${query}`);
      expect(res.statusCode).toBe(200);
      const list = res.json() as { items: Array<{ id: string }>; total: number; count: number };
      expect(list.items.map((s) => s.id)).not.toContain(aliceService.id);
      expect(list.items.map((s) => s.id)).not.toContain(aliceDedicatedService.id);
      expect(list.count).toBe(1);
      expect(JSON.stringify(list)).not.toContain("alice");
    }
    const all = (await send({ cookie: bob }, "GET", "/api/v1/services")).json();
    expect(all.items.map((s: { id: string }) => s.id)).toEqual([bobService.id]);
    const alices = (await send({ cookie: alice }, "GET", "/api/v1/services")).json();
    expect(alices.items.map((s: { id: string }) => s.id).sort()).toEqual([aliceService.id, aliceDedicatedService.id].sort());
  });

  it("shows bob none of alice's metering, even when he asks for her service or pool by id", async () => {
    for (const query of ["", `?serviceId=${aliceService.id}`, `?poolId=${aliceCat.pools["pool-new-east"]}`]) {
      const res = await send({ cookie: bob }, "GET", `/api/v1/metering${query}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ totalCents: 0, services: [], pools: [], records: [] });
    }
    const own = await send({ cookie: alice }, "GET", `/api/v1/services/${aliceService.id}/metering`);
    expect(own.json()).toMatchObject({ totalCents: 12 });
  });

  it("does not let bob's quota see alice's holders", async () => {
    const res = await send({ cookie: bob }, "GET", "/api/v1/quota");
    expect(res.statusCode).toBe(200);
    const ids = (res.json().holders as Array<{ id: string }>).map((h) => h.id);
    expect(ids).toEqual([bobService.id]);
  });
});

describe("another user's pools, applications and tokens", () => {
  const pool = (id: string) => `/api/v1/pools/${id}`;

  it("answers 404 to GET, PATCH, DELETE and metering of alice's pool, and the pool is unchanged", async () => {
    const east = aliceCat.pools["pool-new-east"]!;
    const legacy = aliceCat.pools["pool-old-legacy"]!;
    await expectHidden({ cookie: bob }, "GET", pool, east);
    await expectHidden({ cookie: bob }, "PATCH", pool, east, { nodeCount: 1 });
    await expectHidden({ cookie: bob }, "PATCH", pool, legacy, { nodeCount: 64 });
    await expectHidden({ cookie: bob }, "DELETE", pool, legacy);
    await expectHidden({ cookie: bob }, "GET", (id) => `${pool(id)}/metering`, east);

    const rows = await t.db.prisma.resourcePool.findMany({ where: { id: { in: [east, legacy] } }, orderBy: { name: "asc" } });
    expect(rows.map((r) => [r.name, r.nodeCount, r.state])).toEqual([
      ["pool-new-east", 4, "Running"],
      ["pool-old-legacy", 2, "Running"],
    ]);
    const list = (await send({ cookie: bob }, "GET", "/api/v1/pools")).json().items as Array<{ id: string; type: string }>;
    expect(list.map((p) => p.type)).toEqual(["public"]);
  });

  it("answers 404 to alice's AI application and lists only bob's own", async () => {
    const app = await t.db.prisma.aiApplication.findFirstOrThrow({ where: { ownerId: aliceCat.userId, name: "sentiment-stream" } });
    await expectHidden({ cookie: bob }, "GET", (id) => `/api/v1/ai-applications/${id}`, app.id);
    const list = (await send({ cookie: bob }, "GET", "/api/v1/ai-applications")).json().items as Array<{ versions: Array<{ id: string }> }>;
    const versionIds = list.flatMap((a) => a.versions.map((v) => v.id));
    expect(versionIds).toEqual([bobCat.versions["text-classifier@1.0.0"]]);
  });

  it("answers 404 when bob revokes alice's API token, which keeps working", async () => {
    const created = await send({ cookie: alice }, "POST", "/api/v1/tokens", { name: "alice-ci" });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json() as { id: string; token: string };
    await expectHidden({ cookie: bob }, "DELETE", (x) => `/api/v1/tokens/${x}`, id);
    const row = await t.db.prisma.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.revokedAt).toBeNull();
    const bobsTokens = (await send({ cookie: bob }, "GET", "/api/v1/tokens")).json().items as Array<{ id: string }>;
    expect(bobsTokens.map((x) => x.id)).not.toContain(id);
    expect((await send({ authorization: `Bearer ${token}` }, "GET", "/api/v1/services")).statusCode).toBe(200);
  });
});

describe("API tokens", () => {
  async function token(cookie: string, name: string) {
    const res = await send({ cookie }, "POST", "/api/v1/tokens", { name });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; token: string };
  }

  it("act as their owner only", async () => {
    const bobToken = await token(bob, "bob-ci");
    const auth = { authorization: `Bearer ${bobToken.token}` };

    const list = await send(auth, "GET", "/api/v1/services");
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((s: { id: string }) => s.id)).toEqual([bobService.id]);

    await expectHidden(auth, "GET", (id) => `/api/v1/services/${id}`, aliceService.id);
    await expectHidden(auth, "DELETE", (id) => `/api/v1/services/${id}`, aliceService.id);
    await expectHidden(auth, "POST", (id) => `/api/v1/services/${id}/stop`, aliceService.id);
    await expectHidden(auth, "GET", (id) => `/api/v1/pools/${id}`, aliceCat.pools["pool-new-west"]!);
    await expectHidden(auth, "PATCH", (id) => `/api/v1/pools/${id}`, aliceCat.pools["pool-new-west"]!, { nodeCount: 1 });

    // Deploying with the token creates bob's service, and alice's pool or version are "not found".
    const deployed = await send(auth, "POST", "/api/v1/services", deployBody(bobCat, { name: "via-token" }));
    expect(deployed.statusCode, deployed.body).toBe(202);
    const row = await t.db.prisma.service.findUniqueOrThrow({ where: { id: deployed.json().id } });
    expect(row.ownerId).toBe(bobCat.userId);
    const foreignVersion = await send(
      auth,
      "POST",
      "/api/v1/services",
      deployBody(bobCat, {
        configurations: [
          { versionId: aliceCat.versions["sentiment-stream@1.0.0"]!, trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1, envVars: [] },
        ],
      }),
    );
    expect(foreignVersion.statusCode).toBe(422);
    expect(foreignVersion.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "configurations.0.versionId", rule: "R5", message: expect.stringMatching(/not found/) })]),
    );

    // A bearer token wins over a session cookie of someone else: the caller is the token's owner.
    const mixed = await t.app.inject({ method: "GET", url: "/api/v1/services", headers: { authorization: auth.authorization, cookie: alice } });
    expect(mixed.statusCode).toBe(200);
    expect(mixed.json().items.map((s: { id: string }) => s.id)).not.toContain(aliceService.id);

    const quota = await send(auth, "GET", "/api/v1/quota");
    expect(quota.json().limit).toEqual({ vcpus: 32, memoryGiB: 128, gpus: 1 });

    expect((await send({ cookie: bob }, "DELETE", `/api/v1/services/${deployed.json().id}`)).statusCode).toBe(204);
  });

  it("stop working once revoked, and unknown or missing credentials get 401 problem+json", async () => {
    const bobToken = await token(bob, "short-lived");
    const auth = { authorization: `Bearer ${bobToken.token}` };
    expect((await send(auth, "GET", "/api/v1/services")).statusCode).toBe(200);
    const revoked = await send({ cookie: bob }, "DELETE", `/api/v1/tokens/${bobToken.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();

    for (const headers of [auth, { authorization: "Bearer rts_not-a-real-token" }, { authorization: "Bearer " }, {}, { cookie: "rts_session=forged" }]) {
      const res = await t.app.inject({ method: "GET", url: `/api/v1/services/${bobService.id}`, headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers["content-type"]).toContain(PROBLEM_JSON);
      expect(res.json()).toMatchObject({ status: 401 });
    }
  });
});
