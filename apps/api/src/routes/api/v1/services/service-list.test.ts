// The services list (search, state filter, pagination, sort), one service's details, and the
// stop / start / delete lifecycle with its events, jobs and quota (R12). No worker runs here,
// so states the worker would reach are set directly in the database.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServiceState } from "@rts/db";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp, instanceOf } from "../../../../testing/test-app.ts";

let t: TestApp;
let alice: string;
let bob: string;
let aliceCatalogue: DemoCatalogue;
let bobCatalogue: DemoCatalogue;

// Bob's services for the list tests, in the order their createdAt is set (oldest first).
const CREATED_ORDER = ["gamma-2", "alpha-1", "delta-1", "beta-2", "alpha-2", "gamma-1", "beta-1"];
const BY_NAME = [...CREATED_ORDER].sort();
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  bob = await login(t.app, "bob");
  aliceCatalogue = await demoCatalogue(t.db, "alice");
  bobCatalogue = await demoCatalogue(t.db, "bob");
  for (const [i, name] of CREATED_ORDER.entries()) {
    const response = await deploy(bob, deployBody(bobCatalogue, { name }));
    if (response.statusCode !== 202) throw new Error(`deploy ${name}: ${response.statusCode} ${response.body}`);
    ids[name] = response.json().id;
    await t.db.prisma.service.update({ where: { id: ids[name] }, data: { createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)) } });
  }
});
afterAll(async () => t.close());

afterEach(async () => {
  // R12 invariant: the ledger sum is what the quota row says, for every user.
  for (const userId of [aliceCatalogue.userId, bobCatalogue.userId]) {
    const quota = await t.db.prisma.quota.findUniqueOrThrow({ where: { userId } });
    const ledger = await t.db.prisma.quotaLedgerEntry.aggregate({ where: { userId }, _sum: { vcpus: true, memoryGiB: true } });
    expect([ledger._sum.vcpus ?? 0, ledger._sum.memoryGiB ?? 0]).toEqual([quota.vcpuUsed, quota.memoryGiBUsed]);
  }
});

function deploy(cookie: string, body: unknown) {
  return t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie }, payload: body as object });
}

function list(cookie: string, query = "") {
  return t.app.inject({ method: "GET", url: `/api/v1/services${query}`, headers: { cookie } });
}

async function names(query: string): Promise<string[]> {
  const response = await list(bob, query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items.map((s: { name: string }) => s.name);
}

function action(cookie: string, serviceId: string, verb: "stop" | "start") {
  return t.app.inject({ method: "POST", url: `/api/v1/services/${serviceId}/${verb}`, headers: { cookie } });
}

function remove(cookie: string, serviceId: string) {
  return t.app.inject({ method: "DELETE", url: `/api/v1/services/${serviceId}`, headers: { cookie } });
}

function detail(cookie: string, serviceId: string) {
  return t.app.inject({ method: "GET", url: `/api/v1/services/${serviceId}`, headers: { cookie } });
}

async function setState(serviceId: string, state: ServiceState) {
  await t.db.prisma.service.update({ where: { id: serviceId }, data: { state } });
}

async function jobsFor(serviceId: string): Promise<Array<{ serviceId: string; action: string; requestedAt: string }>> {
  const rows = await t.db.prisma.$queryRaw<Array<{ data: { serviceId: string; action: string; requestedAt: string } }>>`
    SELECT data FROM pgboss.job WHERE name = 'service-lifecycle' AND data->>'serviceId' = ${serviceId} ORDER BY created_on`;
  return rows.map((r) => r.data);
}

async function quotaOf(cookie: string) {
  const response = await t.app.inject({ method: "GET", url: "/api/v1/quota", headers: { cookie } });
  expect(response.statusCode).toBe(200);
  return response.json() as { used: { vcpus: number; memoryGiB: number }; holders: Array<{ id: string; amount: { vcpus: number } }> };
}

async function deployAlice(name: string) {
  const response = await deploy(alice, deployBody(aliceCatalogue, { name }));
  expect(response.statusCode, response.body).toBe(202);
  return response.json() as { id: string; state: string };
}

describe("listing services", () => {
  it("lists the user's services newest first by default, with the limit and count", async () => {
    const response = await list(bob);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ total: 7, count: 7, limit: 20, page: 1, pageSize: 20 });
    expect(body.items.map((s: { name: string }) => s.name)).toEqual([...CREATED_ORDER].reverse());
    expect(body.items[0]).toMatchObject({
      state: "Deploying",
      poolType: "public",
      applicationName: "text-classifier",
      versions: [expect.objectContaining({ version: "1.0.0", trafficRatio: 100 })],
    });
    // Never another user's services.
    expect((await list(alice)).json().items.map((s: { name: string }) => s.name)).not.toContain("alpha-1");
  });

  it("searches by name, case-insensitively", async () => {
    expect(await names("?q=GAMMA&sort=name&order=asc")).toEqual(["gamma-1", "gamma-2"]);
    expect(await names("?q=pha-&sort=name&order=asc")).toEqual(["alpha-1", "alpha-2"]);
    expect(await names("?q=-1&sort=name&order=asc")).toEqual(["alpha-1", "beta-1", "delta-1", "gamma-1"]);
    const none = (await list(bob, "?q=nothing-like-this")).json();
    expect(none).toMatchObject({ items: [], total: 0, count: 7 });
    // Wildcards are matched literally, not as SQL patterns.
    expect((await list(bob, "?q=%25")).json().total).toBe(0);
    expect((await list(bob, "?q=_")).json().total).toBe(0);
    expect((await list(bob, "?q=a_1")).json().total).toBe(0);
    expect((await list(bob, "?q=%5C")).json().total).toBe(0);
  });

  it("matches _ and % in the search text literally (names may contain _)", async () => {
    const literal = await deployAlice("lit_a1");
    const lookalike = await deployAlice("litxa1");
    try {
      const found = (await list(alice, "?q=LIT_A")).json();
      expect(found.items.map((s: { name: string }) => s.name)).toEqual(["lit_a1"]);
      expect((await list(alice, "?q=lit&sort=name&order=asc")).json().items.map((s: { name: string }) => s.name)).toEqual(["lit_a1", "litxa1"]);
    } finally {
      expect((await remove(alice, literal.id)).statusCode).toBe(204);
      expect((await remove(alice, lookalike.id)).statusCode).toBe(204);
    }
  });

  it("filters by state", async () => {
    await setState(ids["beta-1"]!, "Running");
    await setState(ids["beta-2"]!, "Running");
    await setState(ids["gamma-1"]!, "Failed");
    try {
      expect(await names("?state=Running&sort=name&order=asc")).toEqual(["beta-1", "beta-2"]);
      expect(await names("?state=Failed")).toEqual(["gamma-1"]);
      expect(await names("?state=Deploying&sort=name&order=asc")).toEqual(["alpha-1", "alpha-2", "delta-1", "gamma-2"]);
      const stopped = (await list(bob, "?state=Stopped")).json();
      expect(stopped).toMatchObject({ items: [], total: 0, count: 7 });
      // Search and filter combine.
      expect(await names("?state=Running&q=BETA-2")).toEqual(["beta-2"]);
      expect((await list(bob, "?state=Running&q=alpha")).json().total).toBe(0);
    } finally {
      for (const name of ["beta-1", "beta-2", "gamma-1"]) await setState(ids[name]!, "Deploying");
    }
  });

  it("paginates with page and pageSize; total counts matches, count counts every service", async () => {
    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      const response = await list(bob, `?sort=name&order=asc&pageSize=3&page=${page}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ total: 7, count: 7, limit: 20, page, pageSize: 3 });
      pages.push(body.items.map((s: { name: string }) => s.name));
    }
    expect(pages).toEqual([BY_NAME.slice(0, 3), BY_NAME.slice(3, 6), BY_NAME.slice(6), []]);

    const filtered = (await list(bob, "?q=a&pageSize=2&page=2&sort=name&order=asc")).json();
    // Every name contains an "a", so all seven match.
    expect(filtered).toMatchObject({ total: 7, pageSize: 2, page: 2 });
    expect(filtered.items.map((s: { name: string }) => s.name)).toEqual(BY_NAME.slice(2, 4));

    const searched = (await list(bob, "?q=gamma&pageSize=1&page=2&sort=name&order=asc")).json();
    expect(searched).toMatchObject({ total: 2, count: 7 });
    expect(searched.items.map((s: { name: string }) => s.name)).toEqual(["gamma-2"]);
  });

  it("sorts by name ascending and descending, and by createdAt both ways", async () => {
    expect(await names("?sort=name&order=asc")).toEqual(BY_NAME);
    expect(await names("?sort=name&order=desc")).toEqual([...BY_NAME].reverse());
    expect(await names("?sort=createdAt&order=asc")).toEqual(CREATED_ORDER);
    expect(await names("?sort=createdAt&order=desc")).toEqual([...CREATED_ORDER].reverse());
    expect(await names("?sort=createdAt")).toEqual([...CREATED_ORDER].reverse());
  });

  it.each([
    ["pageSize=0", "pageSize"],
    ["pageSize=101", "pageSize"],
    ["pageSize=abc", "pageSize"],
    ["page=0", "page"],
    ["page=1.5", "page"],
    ["state=Bogus", "state"],
    ["sort=evil", "sort"],
    ["sort=ownerId", "sort"],
    ["order=sideways", "order"],
    [`q=${"x".repeat(65)}`, "q"],
  ])("R15 refuses ?%s with 422 at the query field path", async (query, path) => {
    const response = await list(bob, `?${query}`);
    expect(response.statusCode).toBe(422);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json().errors).toEqual([expect.objectContaining({ path })]);
    expect(response.json().errors[0].message.length).toBeGreaterThan(5);
  });
});

describe("one service", () => {
  it("returns its configurations, instances and the DeployRequested event", async () => {
    const response = await detail(bob, ids["alpha-1"]!);
    expect(response.statusCode).toBe(200);
    const service = response.json();
    expect(service).toMatchObject({
      id: ids["alpha-1"],
      name: "alpha-1",
      state: "Deploying",
      desiredState: "Running",
      poolType: "public",
      timeoutMinutes: 20,
      websocket: false,
      dataCollection: { enabled: false },
      trafficLimit: null,
      instances: [],
    });
    expect(service.configurations).toEqual([
      expect.objectContaining({
        versionId: bobCatalogue.versions["text-classifier@1.0.0"],
        applicationName: "text-classifier",
        version: "1.0.0",
        protocol: "rts-json",
        trafficRatio: 100,
        flavorId: "cpu.2u8g",
        computeNodes: 1,
        envVars: [],
      }),
    ]);
    expect(service.events).toEqual([expect.objectContaining({ type: "DeployRequested", fromState: null, toState: "Deploying" })]);
    expect(Date.parse(service.events[0].at)).not.toBeNaN();
  });

  it("R15 answers a malformed id with 422, an unknown or another user's id with 404", async () => {
    const malformed = await detail(bob, "not-a-uuid");
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().errors).toEqual([expect.objectContaining({ path: "serviceId" })]);
    const unknown = await detail(bob, "00000000-0000-4000-8000-000000000000");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers["content-type"]).toContain("application/problem+json");
    const foreign = await detail(alice, ids["alpha-1"]!);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ status: 404 });
    for (const verb of ["stop", "start"] as const) expect((await action(alice, ids["alpha-1"]!, verb)).statusCode).toBe(404);
    expect((await remove(alice, ids["alpha-1"]!)).statusCode).toBe(404);
    expect((await detail(bob, ids["alpha-1"]!)).statusCode).toBe(200);
  });
});

describe("service lifecycle", () => {
  it("refuses stop from Deploying with 409 saying which states allow it", async () => {
    const service = await deployAlice("life-stop-early");
    const response = await action(alice, service.id, "stop");
    expect(response.statusCode).toBe(409);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toMatchObject({
      status: 409,
      detail: "Stop is allowed only from Running, Concerning or Abnormal; this service is Deploying.",
    });
    expect((await detail(alice, service.id)).json().state).toBe("Deploying");
    expect((await jobsFor(service.id)).map((j) => j.action)).toEqual(["deploy"]);
  });

  it("R12 stops a Running service: 202 Stopping, desired Stopped, an event and a stop job; it keeps its quota", async () => {
    const service = await deployAlice("life-stop");
    await setState(service.id, "Running");
    const quotaBefore = await quotaOf(alice);

    const response = await action(alice, service.id, "stop");
    expect(response.statusCode).toBe(202);
    const stopped = response.json();
    expect(stopped).toMatchObject({ id: service.id, state: "Stopping", desiredState: "Stopped" });
    expect(stopped.events[0]).toMatchObject({ type: "StopRequested", fromState: "Running", toState: "Stopping" });
    expect(stopped.events.map((e: { type: string }) => e.type)).toContain("DeployRequested");

    const jobs = await jobsFor(service.id);
    expect(jobs.map((j) => j.action)).toEqual(["deploy", "stop"]);
    expect(jobs[1]).toMatchObject({ serviceId: service.id, action: "stop" });

    const quotaAfter = await quotaOf(alice);
    expect(quotaAfter.used).toEqual(quotaBefore.used);
    expect(quotaAfter.holders).toContainEqual(expect.objectContaining({ id: service.id, amount: { vcpus: 2, memoryGiB: 8, gpus: 0 } }));

    // Stopping again while Stopping is refused.
    expect((await action(alice, service.id, "stop")).statusCode).toBe(409);
  });

  it("starts a Stopped service: 202 Deploying with a start job and a fresh deadline; start from Running is 409", async () => {
    const service = await deployAlice("life-start");
    await t.db.prisma.service.update({ where: { id: service.id }, data: { state: "Stopped", desiredState: "Stopped", deployDeadline: null } });

    const response = await action(alice, service.id, "start");
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ state: "Deploying", desiredState: "Running" });
    expect(response.json().events[0]).toMatchObject({ type: "StartRequested", fromState: "Stopped", toState: "Deploying" });
    expect((await jobsFor(service.id)).map((j) => j.action)).toEqual(["deploy", "start"]);
    const row = await t.db.prisma.service.findUniqueOrThrow({ where: { id: service.id } });
    expect(row.deployDeadline!.getTime()).toBeGreaterThan(Date.now() + 19 * 60_000);

    await setState(service.id, "Running");
    const refused = await action(alice, service.id, "start");
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe("Start is allowed only from Stopped, Failed or Abnormal; this service is Running.");
    expect((await jobsFor(service.id)).map((j) => j.action)).toEqual(["deploy", "start"]);
  });

  it.each(["Failed", "Abnormal"] as const)("starts a %s service", async (state) => {
    const service = await deployAlice(`life-start-${state.toLowerCase()}`);
    await setState(service.id, state);
    const response = await action(alice, service.id, "start");
    expect(response.statusCode).toBe(202);
    expect(response.json().state).toBe("Deploying");
  });

  it("R12 deletes a service without instances at once (204): gone, its quota released", async () => {
    const before = await quotaOf(alice);
    const service = await deployAlice("life-delete");
    await setState(service.id, "Stopped");
    const held = await quotaOf(alice);
    expect(held.used.vcpus).toBe(before.used.vcpus + 2);
    expect(held.holders.map((h) => h.id)).toContain(service.id);

    const response = await remove(alice, service.id);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect((await detail(alice, service.id)).statusCode).toBe(404);
    expect(await t.db.prisma.service.findUnique({ where: { id: service.id } })).toBeNull();
    const after = await quotaOf(alice);
    expect(after.used).toEqual(before.used);
    expect(after.holders.map((h) => h.id)).not.toContain(service.id);
    expect((await list(alice, "?q=life-delete")).json().total).toBe(0);
    expect((await remove(alice, service.id)).statusCode).toBe(404);
  });

  it("R12 deletes a service with an instance: 202 Deleting with a delete job, quota released at once", async () => {
    const before = await quotaOf(alice);
    const service = await deployAlice("life-delete-running");
    await setState(service.id, "Running");
    const configuration = await t.db.prisma.versionConfiguration.findFirstOrThrow({ where: { serviceId: service.id } });
    await t.db.prisma.instance.create({
      data: {
        serviceId: service.id,
        ...instanceOf(configuration), poolId: aliceCatalogue.pools["public"]!,
        flavorId: configuration.flavorId,
        ordinal: 0,
        state: "Healthy",
      },
    });
    expect((await quotaOf(alice)).used.vcpus).toBe(before.used.vcpus + 2);

    const response = await remove(alice, service.id);
    expect(response.statusCode).toBe(202);
    const deleting = response.json();
    expect(deleting).toMatchObject({ id: service.id, state: "Deleting", desiredState: "Deleted" });
    expect(deleting.instances).toHaveLength(1);
    expect(deleting.events[0]).toMatchObject({ type: "DeleteRequested", fromState: "Running", toState: "Deleting" });
    expect((await jobsFor(service.id)).map((j) => j.action)).toEqual(["deploy", "delete"]);

    const after = await quotaOf(alice);
    expect(after.used).toEqual(before.used);
    expect(after.holders.map((h) => h.id)).not.toContain(service.id);
    // It stays listed (Deleting) until the worker has stopped its instances, and still counts (R1).
    expect((await list(alice, "?state=Deleting")).json().items.map((s: { id: string }) => s.id)).toContain(service.id);

    // Deleting a stuck Deleting service again is accepted and releases nothing twice.
    const again = await remove(alice, service.id);
    expect(again.statusCode).toBe(202);
    expect(again.json().state).toBe("Deleting");
    expect((await quotaOf(alice)).used).toEqual(before.used);
  });
});
