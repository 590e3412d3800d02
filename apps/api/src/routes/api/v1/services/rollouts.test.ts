// R16 progressive rollouts through the API, against real PostgreSQL and real model servers behind
// the real gateway. The test plays the worker (instance rows, state Running) and runs the worker's
// rollout controller itself.
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MODIFY_MESSAGES, ROLLOUT_MESSAGES, ROLLOUT_TARGET_MESSAGES, type Rollout } from "@rts/contracts";
import { startFailingModelServer, type FailingModelServer } from "../../../../testing/failing-model-server.ts";
import { startModelServer, stopAllModelServers, type ModelServer } from "../../../../testing/model-servers.ts";
import { deployRunning, textClassifier } from "../../../../testing/running-service.ts";
import { steadyLoad } from "../../../../testing/steady-load.ts";
import { createApiToken, createTestApp, demoCatalogue, listenOnLoopback, login, type DemoCatalogue, type TestApp } from "../../../../testing/test-app.ts";
import { waitFor } from "../../../../testing/wait-for.ts";
import { RolloutController } from "../../../../worker/rollout-controller.ts";

const MESSAGE = { text: "My card was declined and I need a receipt" };

let t: TestApp;
let alice: string;
let bob: string;
let token: string;
let cat: DemoCatalogue;
let v1: ModelServer;
let v2: ModelServer;
let failing: FailingModelServer;
let base: string;
const stopControllers: Array<() => void> = [];

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob] = await Promise.all([login(t.app, "alice"), login(t.app, "bob")]);
  cat = await demoCatalogue(t.db, "alice");
  [token, v1, v2, failing] = await Promise.all([
    createApiToken(t.app, alice).then((created) => created.token),
    startModelServer("text-classifier", "1.0.0"),
    startModelServer("text-classifier", "2.0.0"),
    startFailingModelServer("2.0.0", 50),
  ]);
  base = await listenOnLoopback(t.app);
}, 60_000);

afterEach(() => {
  for (const stop of stopControllers.splice(0)) stop();
});

afterAll(async () => {
  await failing?.stop();
  await stopAllModelServers();
  await t?.close();
});

/** The worker's controller, ticking on the real clock as the worker does. */
function runController(): void {
  const controller = new RolloutController({ prisma: t.db.prisma, logger: pino({ level: "silent" }) });
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void controller.tick().finally(() => (busy = false));
  }, 250);
  stopControllers.push(() => clearInterval(timer));
}

/** 1.0.0 at 100% and 2.0.0 at 0%, each with one instance on the given port. */
function twoVersions(newVersionPort: number): Promise<string> {
  return deployRunning(t, alice, cat, [textClassifier(cat, "1.0.0", 100), textClassifier(cat, "2.0.0", 0)], [
    { version: "1.0.0", port: v1.port },
    { version: "2.0.0", port: newVersionPort },
  ]);
}

const V1 = () => cat.versions["text-classifier@1.0.0"]!;
const V2 = () => cat.versions["text-classifier@2.0.0"]!;
const toV2 = () => [
  { versionId: V1(), trafficRatio: 0 },
  { versionId: V2(), trafficRatio: 100 },
];

async function revisionOf(serviceId: string): Promise<number> {
  return (await t.db.prisma.service.findUniqueOrThrow({ where: { id: serviceId } })).revision;
}

function start(serviceId: string, payload: object, headers: Record<string, string> = {}, cookie = alice) {
  return t.app.inject({ method: "POST", url: `/api/v1/services/${serviceId}/rollouts`, headers: { cookie, ...headers }, payload });
}

async function startOk(serviceId: string, payload: object): Promise<Rollout> {
  const res = await start(serviceId, payload, { "if-match": `"${await revisionOf(serviceId)}"` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

function act(serviceId: string, rolloutId: string, action: string, cookie = alice) {
  return t.app.inject({ method: "POST", url: `/api/v1/services/${serviceId}/rollouts/${rolloutId}/${action}`, headers: { cookie } });
}

async function rollouts(serviceId: string): Promise<Rollout[]> {
  const res = await t.app.inject({ method: "GET", url: `/api/v1/services/${serviceId}/rollouts`, headers: { cookie: alice } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

async function routing(serviceId: string) {
  return (await t.db.prisma.service.findUniqueOrThrow({ where: { id: serviceId } })).routing;
}

async function eventTypes(serviceId: string): Promise<string[]> {
  const events = await t.db.prisma.serviceEvent.findMany({ where: { serviceId }, orderBy: { id: "asc" } });
  return events.map((e) => e.type);
}

describe("R16 starting a rollout", () => {
  it("R16 reports every field error at once, each with its rule, and writes nothing", async () => {
    const id = await twoVersions(v2.port);
    const res = await start(
      id,
      {
        targetRatios: [
          { versionId: V1(), trafficRatio: 30.5 },
          { versionId: V1(), trafficRatio: 80 },
        ],
        stepPercent: 0,
        bakeSeconds: 1,
        guards: { maxP99Ms: 0 },
      },
      { "if-match": `"${await revisionOf(id)}"` },
    );
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    const errors = res.json().errors as Array<{ path: string; rule: string; message: string }>;
    expect(errors).toEqual(
      expect.arrayContaining([
        { rule: "R16", path: "stepPercent", message: ROLLOUT_MESSAGES.stepPercent },
        { rule: "R16", path: "bakeSeconds", message: ROLLOUT_MESSAGES.bakeSeconds },
        { rule: "R16", path: "guards.maxP99Ms", message: ROLLOUT_MESSAGES.p99 },
        { rule: "R16", path: "targetRatios.0.trafficRatio", message: ROLLOUT_TARGET_MESSAGES.ratio },
        { rule: "R16", path: "targetRatios.1.versionId", message: ROLLOUT_TARGET_MESSAGES.duplicate },
        { rule: "R16", path: "targetRatios", message: ROLLOUT_TARGET_MESSAGES.missing(["2.0.0"]) },
      ]),
    );
    expect(errors).toHaveLength(6);
    expect(await rollouts(id)).toEqual([]);

    const sum = await start(id, { targetRatios: [{ versionId: V1(), trafficRatio: 50 }, { versionId: V2(), trafficRatio: 40 }], stepPercent: 10, bakeSeconds: 5, revision: await revisionOf(id) });
    expect(sum.json().errors).toEqual([{ rule: "R16", path: "targetRatios", message: ROLLOUT_TARGET_MESSAGES.sum(90) }]);
    const same = await start(id, { targetRatios: [{ versionId: V1(), trafficRatio: 100 }, { versionId: V2(), trafficRatio: 0 }], stepPercent: 10, bakeSeconds: 5, revision: await revisionOf(id) });
    expect(same.json().errors).toEqual([{ rule: "R16", path: "targetRatios", message: ROLLOUT_TARGET_MESSAGES.unchanged }]);
  });

  it("R16 needs the revision it starts from: 428 without, 412 when stale", async () => {
    const id = await twoVersions(v2.port);
    const body = { targetRatios: toV2(), stepPercent: 10, bakeSeconds: 5 };
    const missing = await start(id, body);
    expect(missing.statusCode).toBe(428);
    expect(missing.json().detail).toBe(MODIFY_MESSAGES.preconditionRequired);
    const current = await revisionOf(id);
    const stale = await start(id, body, { "if-match": `"${current + 1}"` });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().detail).toBe(MODIFY_MESSAGES.stale(current + 1, current));
    expect((await start(id, { ...body, revision: current + 5 })).statusCode).toBe(412);
    expect((await start(id, { ...body, revision: current })).statusCode).toBe(201);
  });

  it("R16 refuses a service that does not serve, and a second rollout while one is in progress (409)", async () => {
    const id = await twoVersions(v2.port);
    await t.db.prisma.service.update({ where: { id }, data: { state: "Stopped" } });
    const stopped = await start(id, { targetRatios: toV2(), stepPercent: 10, bakeSeconds: 5 }, { "if-match": `"${await revisionOf(id)}"` });
    expect(stopped.statusCode).toBe(409);
    expect(stopped.json().detail).toBe("A rollout moves live traffic, so it starts only on a Running or Concerning service; this service is Stopped.");

    await t.db.prisma.service.update({ where: { id }, data: { state: "Concerning" } });
    const first = await startOk(id, { targetRatios: toV2(), stepPercent: 10, bakeSeconds: 5 });
    expect(first).toMatchObject({ state: "Running", step: 1, baselineVersionId: V1(), currentRatios: [{ versionId: V1(), trafficRatio: 90 }, { versionId: V2(), trafficRatio: 10 }] });
    expect(await routing(id)).toEqual(first.currentRatios);
    const second = await start(id, { targetRatios: toV2(), stepPercent: 10, bakeSeconds: 5 }, { "if-match": `"${await revisionOf(id)}"` });
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toMatch(/^A rollout of this service is already under way \(started .+\)\. Promote or abort it before starting another\.$/);
  });

  it("R16 another user's service reads as not found, for every rollout call", async () => {
    const id = await twoVersions(v2.port);
    const rollout = await startOk(id, { targetRatios: toV2(), stepPercent: 10, bakeSeconds: 5 });
    const revision = await revisionOf(id);
    const theirs = await start(id, { targetRatios: toV2(), stepPercent: 10, bakeSeconds: 5 }, { "if-match": `"${revision}"` }, bob);
    const missing = await start(crypto.randomUUID(), { targetRatios: toV2(), stepPercent: 10, bakeSeconds: 5 }, { "if-match": `"${revision}"` }, bob);
    expect(theirs.statusCode).toBe(404);
    expect({ ...theirs.json(), instance: undefined }).toEqual({ ...missing.json(), instance: undefined });
    expect((await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/rollouts`, headers: { cookie: bob } })).statusCode).toBe(404);
    for (const action of ["pause", "resume", "promote", "abort"]) expect((await act(id, rollout.id, action, bob)).statusCode).toBe(404);
    expect((await act(id, crypto.randomUUID(), "pause")).statusCode).toBe(404);
    expect((await rollouts(id))[0]!.state).toBe("Running");
  });
});

describe("R16 operator actions", () => {
  it("R16 pause holds the split, resume starts a new bake, each refused where it makes no sense", async () => {
    const id = await twoVersions(v2.port);
    const rollout = await startOk(id, { targetRatios: toV2(), stepPercent: 20, bakeSeconds: 5, guards: { minCalls: 0 } });
    expect((await act(id, rollout.id, "resume")).json().detail).toBe("This rollout is running, not paused; there is nothing to resume.");
    const paused = await act(id, rollout.id, "pause");
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json()).toMatchObject({ state: "Paused", step: 1 });
    const again = await act(id, rollout.id, "pause");
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe("This rollout is already paused; resume, promote or abort it.");
    expect(await routing(id)).toEqual([{ versionId: V1(), trafficRatio: 80 }, { versionId: V2(), trafficRatio: 20 }]);
    const resumed = await act(id, rollout.id, "resume");
    expect(resumed.json()).toMatchObject({ state: "Running", step: 1 });
    expect(Date.parse(resumed.json().stepStartedAt)).toBeGreaterThan(Date.parse(rollout.stepStartedAt));
    expect(await eventTypes(id)).toEqual(expect.arrayContaining(["RolloutStarted", "RolloutPaused", "RolloutResumed"]));
  });

  it("R16 promote puts traffic at the target at once and makes it the configurations' ratios in a new revision", async () => {
    const id = await twoVersions(v2.port);
    const before = await revisionOf(id);
    const rollout = await startOk(id, { targetRatios: toV2(), stepPercent: 10, bakeSeconds: 60 });
    const promoted = await act(id, rollout.id, "promote");
    expect(promoted.statusCode, promoted.body).toBe(200);
    expect(promoted.json()).toMatchObject({ state: "Completed", currentRatios: toV2() });
    expect(promoted.json().reason).toBe(
      `Promoted by the operator at step 1 (1.0.0 90% / 2.0.0 10%): traffic moved to 1.0.0 0% / 2.0.0 100% at once, and the configurations' ratios now match it (revision ${before + 1}).`,
    );
    expect(await routing(id)).toEqual(toV2());
    const detail = (await t.app.inject({ method: "GET", url: `/api/v1/services/${id}`, headers: { cookie: alice } })).json();
    expect(detail.revision).toBe(before + 1);
    expect(detail.configurations.map((c: { version: string; trafficRatio: number }) => [c.version, c.trafficRatio])).toEqual([["1.0.0", 0], ["2.0.0", 100]]);
    const revision = await t.db.prisma.serviceRevision.findUniqueOrThrow({ where: { serviceId_number: { serviceId: id, number: before + 1 } } });
    expect(revision).toMatchObject({ origin: "rollout", outcome: "Applied", restarts: false });
    expect(revision.changes).toEqual([
      { field: "configurations.0.trafficRatio", label: "Traffic Ratio (%) of text-classifier 1.0.0", from: "100", to: "0" },
      { field: "configurations.1.trafficRatio", label: "Traffic Ratio (%) of text-classifier 2.0.0", from: "0", to: "100" },
    ]);
    const finished = await act(id, rollout.id, "abort");
    expect(finished.statusCode).toBe(409);
    expect(finished.json().detail).toBe("This rollout completed; it can no longer be aborted. Start a new rollout to move traffic again.");
  });

  it("R16 abort sends traffic back to where it started", async () => {
    const id = await twoVersions(v2.port);
    const rollout = await startOk(id, { targetRatios: toV2(), stepPercent: 30, bakeSeconds: 5 });
    await act(id, rollout.id, "pause");
    const aborted = await act(id, rollout.id, "abort");
    expect(aborted.json()).toMatchObject({ state: "Aborted", currentRatios: [{ versionId: V1(), trafficRatio: 100 }, { versionId: V2(), trafficRatio: 0 }] });
    expect(aborted.json().reason).toBe("Aborted by the operator at step 1 (1.0.0 70% / 2.0.0 30%); traffic is back at 1.0.0 100% / 2.0.0 0%.");
    expect(aborted.json().finishedAt).not.toBeNull();
    expect(await routing(id)).toEqual([{ versionId: V1(), trafficRatio: 100 }, { versionId: V2(), trafficRatio: 0 }]);
    // Ended rollouts no longer block a new one; the list is newest first.
    const next = await startOk(id, { targetRatios: toV2(), stepPercent: 30, bakeSeconds: 5 });
    expect((await rollouts(id)).map((r) => r.id)).toEqual([next.id, rollout.id]);
  });
});

describe("R16 rollouts under load", () => {
  it("R16 a rollout whose new version answers 5xx is rolled back by its error-rate guard under >= 20 calls/s, then every call goes to the baseline", async () => {
    const id = await twoVersions(failing.port);
    runController();
    const load = steadyLoad({ url: `${base}/v1/infers/${id}`, token, body: MESSAGE, ratePerSecond: 30, maxInFlight: 20, maxMs: 60_000 });
    const rollout = await startOk(id, { targetRatios: toV2(), stepPercent: 50, bakeSeconds: 10, guards: { maxErrorRatePercent: 5, minCalls: 10 } });

    const rolledBack = await waitFor("the rollback", async () => (await rollouts(id)).find((r) => r.id === rollout.id && r.state === "RolledBack"), 40_000, 100);
    const observedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const { calls, ratePerSecond } = await load.stop();
    console.info(`rollback load: ${calls.length} calls at ${ratePerSecond.toFixed(1)} calls/s; reason: ${rolledBack.reason}`);

    expect(ratePerSecond).toBeGreaterThanOrEqual(20);
    expect(rolledBack.reason).toMatch(
      /^The error-rate guard broke: 2\.0\.0 answered 5xx on [\d.]+% of \d+ calls (in the first \d+ s of|over) the 10 s bake, above the 5% limit\. Rolled back at step 1 \(1\.0\.0 50% \/ 2\.0\.0 50%\): traffic is back at 1\.0\.0 100% \/ 2\.0\.0 0%\.$/,
    );
    expect(rolledBack.currentRatios).toEqual([{ versionId: V1(), trafficRatio: 100 }, { versionId: V2(), trafficRatio: 0 }]);
    const judged = rolledBack.history.at(-1)!;
    expect(judged).toMatchObject({ step: 1, verdict: expect.stringContaining("error-rate guard broke") });
    const newVersion = judged.measurements.find((m) => m.versionId === V2())!;
    expect(newVersion.calls).toBeGreaterThanOrEqual(10);
    expect(newVersion.errorRatePercent).toBeGreaterThan(5);
    expect(await routing(id)).toEqual(rolledBack.currentRatios);
    expect(await eventTypes(id)).toEqual(expect.arrayContaining(["RolloutStarted", "RolloutRolledBack"]));
    const resume = await act(id, rollout.id, "resume");
    expect(resume.statusCode).toBe(409);
    expect(resume.json().detail).toBe("This rollout was rolled back by its guards; it can no longer be resumed. Start a new rollout to move traffic again.");

    // The 5xx the callers saw came from the new version only, and stopped with the rollback.
    expect(calls.filter((c) => c.status >= 500).every((c) => c.version === "2.0.0")).toBe(true);
    const after = calls.filter((c) => c.startedAt >= observedAt + 600);
    expect(after.length).toBeGreaterThan(20);
    expect(after.filter((c) => c.status !== 200 || c.version !== "1.0.0")).toEqual([]);
  }, 90_000);

  it("R16 a healthy rollout steps under load and completes: configurations at the target, a new revision from the rollout", async () => {
    const id = await twoVersions(v2.port);
    const before = await revisionOf(id);
    runController();
    const load = steadyLoad({ url: `${base}/v1/infers/${id}`, token, body: MESSAGE, ratePerSecond: 30, maxInFlight: 20, maxMs: 60_000 });
    const rollout = await startOk(id, {
      targetRatios: toV2(),
      stepPercent: 50,
      bakeSeconds: 5,
      guards: { maxErrorRatePercent: 5, maxErrorRateVsBaseline: 2, maxP99VsBaseline: 20, minCalls: 10 },
    });
    const completed = await waitFor("completion", async () => (await rollouts(id)).find((r) => r.id === rollout.id && r.state !== "Running"), 50_000, 200);
    const { calls, ratePerSecond } = await load.stop();
    console.info(`healthy rollout: ${calls.length} calls at ${ratePerSecond.toFixed(1)} calls/s; ${completed.reason}`);

    expect(completed.state, completed.reason ?? "").toBe("Completed");
    expect(completed.history.map((h) => [h.step, h.ratios.map((r) => r.trafficRatio)])).toEqual([
      [1, [50, 50]],
      [2, [0, 100]],
    ]);
    expect(completed.history.every((h) => h.verdict.startsWith("Passed"))).toBe(true);
    expect(completed.reason).toBe(
      `Completed after 2 steps, each passing its guards: traffic is at 1.0.0 0% / 2.0.0 100% and the configurations' ratios match it (revision ${before + 1}).`,
    );
    expect(calls.filter((c) => c.status !== 200)).toEqual([]);
    const configurations = await t.db.prisma.versionConfiguration.findMany({ where: { serviceId: id }, orderBy: { position: "asc" } });
    expect(configurations.map((c) => c.trafficRatio)).toEqual([0, 100]);
    expect(await revisionOf(id)).toBe(before + 1);
    expect(await t.db.prisma.serviceRevision.findUniqueOrThrow({ where: { serviceId_number: { serviceId: id, number: before + 1 } } })).toMatchObject({
      origin: "rollout",
      outcome: "Applied",
    });
    expect(await eventTypes(id)).toEqual(expect.arrayContaining(["RolloutStarted", "RolloutStep", "RolloutCompleted"]));
  }, 90_000);
});
