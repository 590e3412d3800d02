// PATCH /api/v1/services/{id} (R16) without a worker: what is accepted and refused, the revision
// precondition, the dry run, quota by the difference (R12), revisions and restore. The rolling
// update itself runs against real instances in worker/rolling-update.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeployServiceRequest, ServiceState } from "@rts/contracts";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../../../../testing/test-app.ts";

let t: TestApp;
let alice: string;
let bob: string;
let catalogue: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  bob = await login(t.app, "bob");
  catalogue = await demoCatalogue(t.db, "alice");
});
afterAll(async () => {
  await t?.close();
});

function config(version: string, overrides: Partial<DeployServiceRequest["configurations"][number]> = {}) {
  return { versionId: catalogue.versions[version]!, trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1, envVars: [], ...overrides };
}

async function deployRunning(name: string, overrides: Partial<DeployServiceRequest> = {}) {
  const response = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: deployBody(catalogue, { name, ...overrides }) });
  expect(response.statusCode, response.body).toBe(202);
  const id = response.json().id as string;
  await setState(id, "Running");
  return id;
}

async function setState(id: string, state: ServiceState) {
  await t.db.prisma.service.update({ where: { id }, data: { state } });
}

function patch(id: string, payload: unknown, headers: Record<string, string> = { "if-match": '"1"' }, cookie = alice, query = "") {
  return t.app.inject({ method: "PATCH", url: `/api/v1/services/${id}${query}`, headers: { cookie, ...headers }, payload: payload as object });
}

async function detail(id: string) {
  return (await t.app.inject({ method: "GET", url: `/api/v1/services/${id}`, headers: { cookie: alice } })).json();
}

async function quotaUsed() {
  return (await t.app.inject({ method: "GET", url: "/api/v1/quota", headers: { cookie: alice } })).json().used as { vcpus: number; memoryGiB: number };
}

const twoVersions = () => [config("text-classifier@1.0.0", { trafficRatio: 80 }), config("text-classifier@2.0.0", { trafficRatio: 20 })];

describe("R16 modify: what may change", () => {
  it("R16 a ratio-only change applies at once: revision 2, routing and configurations 0/100, no Updating, an event, ETag", async () => {
    const id = await deployRunning("mod-ratio", { configurations: twoVersions() });
    const response = await patch(id, { configurations: [config("text-classifier@1.0.0", { trafficRatio: 0 }), config("text-classifier@2.0.0", { trafficRatio: 100 })] });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.headers.etag).toBe('"2"');
    const body = response.json();
    expect(body.state).toBe("Running");
    expect(body.revision).toBe(2);
    expect(body.routing.map((r: { trafficRatio: number }) => r.trafficRatio)).toEqual([0, 100]);
    expect(body.events[0].type).toBe("Modified");
    expect(body.events[0].reason).toContain("applied at once, no instance restarted");
    const revisions = (await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/revisions`, headers: { cookie: alice } })).json();
    expect(revisions.items.map((r: { number: number; outcome: string; current: boolean }) => [r.number, r.outcome, r.current])).toEqual([
      [2, "Applied", true],
      [1, "Applied", false],
    ]);
    expect(revisions.items[0].changes.map((c: { label: string; from: string; to: string }) => `${c.label}: ${c.from} -> ${c.to}`)).toEqual([
      "Traffic Ratio (%) of text-classifier 1.0.0: 80 -> 0",
      "Traffic Ratio (%) of text-classifier 2.0.0: 20 -> 100",
    ]);
  });

  it("R16 a specification change starts a rolling update: Updating, an Applying revision, routing unchanged until the new instances are healthy", async () => {
    const id = await deployRunning("mod-rolling");
    const response = await patch(id, { configurations: [config("text-classifier@1.0.0", { flavorId: "cpu.1u2g" })] });
    expect(response.statusCode, response.body).toBe(202);
    const body = response.json();
    expect(body.state).toBe("Updating");
    expect(body.events[0].type).toBe("UpdateStarted");
    expect(body.events[0].reason).toMatch(/Specifications of text-classifier 1.0.0: .* -> CPU: 1 vCPU/);
    const revision = await t.db.prisma.serviceRevision.findFirstOrThrow({ where: { serviceId: id, number: 2 } });
    expect([revision.outcome, revision.restarts]).toEqual(["Applying", true]);
  });

  it("R16 refuses name, resource pool, multi-pool, WebSocket and unknown fields, each with a field error, all at once, and changes nothing", async () => {
    const id = await deployRunning("mod-fixed");
    const response = await patch(id, {
      name: "renamed",
      resourcePool: { type: "dedicated", poolIds: [] },
      multiPoolLoadBalancing: true,
      websocket: true,
      colour: "blue",
      timeoutMinutes: 2,
      configurations: [config("text-classifier@1.0.0", { trafficRatio: 90 })],
    });
    expect(response.statusCode, response.body).toBe(422);
    const errors = response.json().errors as Array<{ path: string; rule: string; message: string }>;
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e]));
    expect(byPath["name"]?.rule).toBe("R16");
    expect(byPath["resourcePool"]?.message).toContain("cannot be changed after deploy");
    expect(byPath["multiPoolLoadBalancing"]?.rule).toBe("R16");
    expect(byPath["websocket"]?.rule).toBe("R10");
    expect(byPath["colour"]?.rule).toBe("R15");
    expect(byPath["timeoutMinutes"]?.rule).toBe("R9");
    expect(Object.keys(byPath)).toContain("configurations");
    const after = await detail(id);
    expect([after.revision, after.name, after.timeoutMinutes]).toEqual([1, "mod-fixed", 20]);
  });

  it("R16 an empty change and a non-object body are refused with a sentence", async () => {
    const id = await deployRunning("mod-empty");
    const empty = await patch(id, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0].message).toContain("Nothing to change");
    const notObject = await patch(id, [1, 2]);
    expect(notObject.statusCode).toBe(422);
  });

  it("R16 a masked env var value keeps the stored value; a new value replaces it and restarts", async () => {
    const id = await deployRunning("mod-env", { configurations: [config("text-classifier@1.0.0", { envVars: [{ key: "MODEL_GREETING", value: "hello" }] })] });
    const masked = (await detail(id)).configurations[0].envVars;
    expect(masked).toEqual([{ key: "MODEL_GREETING", value: "********" }]);
    const keep = await patch(id, { configurations: [config("text-classifier@1.0.0", { trafficRatio: 100, envVars: masked })], description: "same env" });
    expect(keep.statusCode, keep.body).toBe(202);
    expect(keep.json().state).toBe("Running");
    const stored = await t.db.prisma.versionConfiguration.findFirstOrThrow({ where: { serviceId: id } });
    expect(t.app.envVarCipher.open(stored.envVars)).toEqual([{ key: "MODEL_GREETING", value: "hello" }]);
    const change = await patch(id, { configurations: [config("text-classifier@1.0.0", { envVars: [{ key: "MODEL_GREETING", value: "bye" }] })] }, { "if-match": '"2"' });
    expect(change.statusCode, change.body).toBe(202);
    expect(change.json().state).toBe("Updating");
  });

  it("R16 refuses a modify while Deploying, Updating, Stopping or Deleting (409) and accepts one on a Stopped service for its next start", async () => {
    const id = await deployRunning("mod-states");
    for (const state of ["Deploying", "Updating", "Stopping", "Deleting"] as const) {
      await setState(id, state);
      const response = await patch(id, { description: "x" });
      expect(response.statusCode, state).toBe(409);
      expect(response.json().detail).toContain(`this service is ${state}`);
    }
    await setState(id, "Stopped");
    const response = await patch(id, { configurations: [config("text-classifier@2.0.0")] });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().state).toBe("Stopped");
    expect(response.json().events[0].reason).toContain("takes effect at the next start");
  });

  it("R16 another user's service is a 404, as if it did not exist", async () => {
    const id = await deployRunning("mod-owner");
    const response = await patch(id, { description: "mine now" }, { "if-match": '"1"' }, bob);
    expect(response.statusCode).toBe(404);
  });
});

describe("R16 modify: revision precondition", () => {
  it("R16 without If-Match or a revision in the body answers 428; a stale one 412; a malformed one 422", async () => {
    const id = await deployRunning("mod-precondition");
    const missing = await patch(id, { description: "a" }, {});
    expect(missing.statusCode).toBe(428);
    expect(missing.json().detail).toContain("If-Match");
    const stale = await patch(id, { description: "a" }, { "if-match": '"7"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().detail).toContain("you sent revision 7, it is now at revision 1");
    const malformed = await patch(id, { description: "a" }, { "if-match": "yesterday" });
    expect(malformed.statusCode).toBe(422);
    const inBody = await patch(id, { description: "a", revision: 1 }, {});
    expect(inBody.statusCode, inBody.body).toBe(202);
    expect((await detail(id)).revision).toBe(2);
  });

  it("R16 three concurrent modifies of the same revision: exactly one applies, the others get 412", async () => {
    const id = await deployRunning("mod-race", { configurations: twoVersions() });
    const answers = await Promise.all(
      [10, 50, 90].map((ratio) =>
        patch(id, { configurations: [config("text-classifier@1.0.0", { trafficRatio: ratio }), config("text-classifier@2.0.0", { trafficRatio: 100 - ratio })] }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([202, 412, 412]);
    const after = await detail(id);
    expect(after.revision).toBe(2);
    expect(await t.db.prisma.serviceRevision.count({ where: { serviceId: id } })).toBe(2);
  });

  it("R16 Idempotency-Key: a retried modify answers the first result and applies once", async () => {
    const id = await deployRunning("mod-idempotent");
    const headers = { "if-match": '"1"', "idempotency-key": "modify-once-1" };
    const first = await patch(id, { description: "once" }, headers);
    const again = await patch(id, { description: "once" }, headers);
    expect([first.statusCode, again.statusCode]).toEqual([202, 202]);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect((await detail(id)).revision).toBe(2);
    const other = await patch(id, { description: "twice" }, headers);
    expect(other.statusCode).toBe(409);
  });
});

describe("R16 modify: dry run, quota and cost (R12)", () => {
  it("R16 ?dryRun=true answers the verdict, the changes, what restarts and the quota and cost difference, and writes nothing", async () => {
    const id = await deployRunning("mod-dry");
    const response = await patch(id, { configurations: [config("text-classifier@1.0.0", { computeNodes: 3 })] }, {}, alice, "?dryRun=true");
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json();
    expect(preview.valid).toBe(true);
    expect(preview.revision).toBe(1);
    expect(preview.changes).toEqual([{ field: "configurations.0.computeNodes", label: "Compute Nodes of text-classifier 1.0.0", from: "1", to: "3" }]);
    expect([preview.restarts, preview.startsInstances, preview.stopsInstances, preview.appliesAtOnce]).toEqual([false, true, false, false]);
    expect(preview.quota.current).toEqual({ vcpus: 2, memoryGiB: 8, gpus: 0 });
    expect(preview.quota.difference).toEqual({ vcpus: 4, memoryGiB: 16, gpus: 0 });
    expect(preview.hourlyCostCents.difference).toBe(preview.hourlyCostCents.before * 2);
    expect((await detail(id)).revision).toBe(1);
  });

  it("R12 scale 1 -> 3 -> 1 moves quota by exactly the difference", async () => {
    const id = await deployRunning("mod-scale");
    const start = await quotaUsed();
    const up = await patch(id, { configurations: [config("text-classifier@1.0.0", { computeNodes: 3 })] });
    expect(up.statusCode, up.body).toBe(202);
    expect(await quotaUsed()).toEqual({ ...start, vcpus: start.vcpus + 4, memoryGiB: start.memoryGiB + 16 });
    await setState(id, "Running");
    const down = await patch(id, { configurations: [config("text-classifier@1.0.0", { computeNodes: 1 })] }, { "if-match": '"2"' });
    expect(down.statusCode, down.body).toBe(202);
    expect(await quotaUsed()).toEqual(start);
  });

  it("R12 scaling past the quota is refused on the configurations with what is used and what frees quota, and nothing changes", async () => {
    const id = await deployRunning("mod-over-quota");
    const before = await quotaUsed();
    const response = await patch(id, { configurations: [config("text-classifier@1.0.0", { computeNodes: 64 })] });
    expect(response.statusCode, response.body).toBe(422);
    const quotaError = response.json().errors.find((e: { rule: string }) => e.rule === "R12");
    expect(quotaError.path).toBe("configurations");
    expect(quotaError.message).toMatch(/Not enough quota: your other services and pools use .* this service holds 2 vCPUs/);
    expect(quotaError.message).toContain("deleting public-pool services");
    expect(await quotaUsed()).toEqual(before);
    expect((await detail(id)).revision).toBe(1);
  });
});

describe("R16 revisions and restore", () => {
  it("R16 restores an earlier revision (dry run first), as a new revision with origin restore", async () => {
    const id = await deployRunning("mod-restore", { configurations: twoVersions() });
    await patch(id, { configurations: [config("text-classifier@1.0.0", { trafficRatio: 50 }), config("text-classifier@2.0.0", { trafficRatio: 50 })] });
    const url = `/api/v1/services/${id}/revisions/1/restore`;
    const dry = await t.app.inject({ method: "POST", url: `${url}?dryRun=true`, headers: { cookie: alice }, payload: {} });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().changes.map((c: { to: string }) => c.to)).toEqual(["80", "20"]);
    const stale = await t.app.inject({ method: "POST", url, headers: { cookie: alice, "if-match": '"1"' }, payload: {} });
    expect(stale.statusCode).toBe(412);
    // No body at all, as curl -X POST sends it.
    const restored = await t.app.inject({ method: "POST", url, headers: { cookie: alice, "if-match": '"2"' } });
    expect(restored.statusCode, restored.body).toBe(202);
    expect(restored.json().revision).toBe(3);
    expect(restored.json().routing.map((r: { trafficRatio: number }) => r.trafficRatio)).toEqual([80, 20]);
    const revisions = (await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/revisions`, headers: { cookie: alice } })).json();
    expect(revisions.items[0]).toMatchObject({ number: 3, origin: "restore", reason: "Restores revision 1.", current: true });
    const missing = await t.app.inject({ method: "POST", url: `/api/v1/services/${id}/revisions/99/restore`, headers: { cookie: alice, "if-match": '"3"' }, payload: {} });
    expect(missing.statusCode).toBe(404);
  });
});

describe("R16 modify: fields left out keep their values", () => {
  it("R16 a modify of the description alone leaves timeout, data collection, traffic limit and auto stop as they were", async () => {
    const id = await deployRunning("mod-keep", {
      timeoutMinutes: 45,
      dataCollection: { enabled: true, samplingPercent: 10, retentionDays: 3 },
      trafficLimit: { requestsPerSecond: 50 },
      autoStop: { hours: 4 },
    });
    const response = await patch(id, { description: "only this" });
    expect(response.statusCode, response.body).toBe(202);
    const after = response.json();
    expect([after.description, after.timeoutMinutes, after.dataCollection, after.trafficLimit, after.autoStop]).toEqual([
      "only this",
      45,
      { enabled: true, samplingPercent: 10, retentionDays: 3 },
      { requestsPerSecond: 50 },
      { hours: 4 },
    ]);
  });
});

describe("R16 modify: who may change a service", () => {
  it("S30 a cross-site page cannot modify, restore or cancel with the victim's cookie (Origin checked), and nothing changes", async () => {
    const id = await deployRunning("mod-csrf", { configurations: twoVersions() });
    const evil = { cookie: alice, origin: "https://evil.example", "if-match": '"1"' };
    const attacks = await Promise.all([
      t.injectAsSent({ method: "PATCH", url: `/api/v1/services/${id}`, headers: evil, payload: { description: "pwned" } }),
      t.injectAsSent({ method: "POST", url: `/api/v1/services/${id}/revisions/1/restore`, headers: evil, payload: {} }),
      t.injectAsSent({ method: "POST", url: `/api/v1/services/${id}/cancel`, headers: evil, payload: {} }),
    ]);
    expect(attacks.map((a) => a.statusCode)).toEqual([403, 403, 403]);
    const after = await detail(id);
    expect([after.revision, after.description]).toEqual([1, ""]);
  });

  it("S31 another user cannot read revisions, restore or dry-run a change of a service that is not theirs (404, nothing learned)", async () => {
    const id = await deployRunning("mod-other-user");
    const answers = await Promise.all([
      t.app.inject({ method: "GET", url: `/api/v1/services/${id}/revisions`, headers: { cookie: bob } }),
      t.app.inject({ method: "POST", url: `/api/v1/services/${id}/revisions/1/restore`, headers: { cookie: bob, "if-match": '"1"' }, payload: {} }),
      t.app.inject({ method: "PATCH", url: `/api/v1/services/${id}?dryRun=true`, headers: { cookie: bob }, payload: { description: "x" } }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([404, 404, 404]);
  });
});
