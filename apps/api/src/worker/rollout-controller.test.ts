// The rollout controller against real PostgreSQL, on a clock the test moves on (no waiting for bake
// times). Rollouts start through the API; what the gateway measured is written as it would be.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Rollout } from "@rts/contracts";
import { BUCKET_COUNT, bucketIndex, secondOf, writeVersionSecondCells } from "../gateway/metrics.ts";
import { deployRunning, textClassifier } from "../testing/running-service.ts";
import { createTestApp, demoCatalogue, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import { METRICS_SETTLE_MS, RolloutController } from "./rollout-controller.ts";

let t: TestApp;
let alice: string;
let cat: DemoCatalogue;
let clock = Date.now();

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  cat = await demoCatalogue(t.db, "alice");
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const controller = () => new RolloutController({ prisma: t.db.prisma, logger: pino({ level: "silent" }), now: () => clock });
const V1 = () => cat.versions["text-classifier@1.0.0"]!;
const V2 = () => cat.versions["text-classifier@2.0.0"]!;
const split = (a: number, b: number) => [
  { versionId: V1(), trafficRatio: a },
  { versionId: V2(), trafficRatio: b },
];

/** No model answers here: the controller judges what the gateway wrote, which the tests write. */
function service(): Promise<string> {
  return deployRunning(t, alice, cat, [textClassifier(cat, "1.0.0", 100), textClassifier(cat, "2.0.0", 0)], []);
}

async function start(serviceId: string, body: object): Promise<Rollout> {
  const { revision } = await t.db.prisma.service.findUniqueOrThrow({ where: { id: serviceId } });
  const res = await t.app.inject({ method: "POST", url: `/api/v1/services/${serviceId}/rollouts`, headers: { cookie: alice }, payload: { revision, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

function act(serviceId: string, rolloutId: string, action: string) {
  return t.app.inject({ method: "POST", url: `/api/v1/services/${serviceId}/rollouts/${rolloutId}/${action}`, headers: { cookie: alice } });
}

async function read(rolloutId: string) {
  return t.db.prisma.rollout.findUniqueOrThrow({ where: { id: rolloutId } });
}

async function routing(serviceId: string) {
  return (await t.db.prisma.service.findUniqueOrThrow({ where: { id: serviceId } })).routing;
}

async function events(serviceId: string, type: string) {
  return t.db.prisma.serviceEvent.findMany({ where: { serviceId, type } });
}

/** Sets the clock this far past the start of the rollout's current step. */
async function afterStepStart(rolloutId: string, ms: number): Promise<void> {
  clock = (await read(rolloutId)).stepStartedAt.getTime() + ms;
}

/** What the gateway would have written: `calls` calls of `versionId`, `errors` failed, at `at`. */
async function measured(serviceId: string, versionId: string, at: number, calls: number, errors: number, latencyMs = 20): Promise<void> {
  const buckets = new Array<number>(BUCKET_COUNT).fill(0);
  buckets[bucketIndex(latencyMs)] = calls;
  await writeVersionSecondCells(t.db.prisma, [{ serviceId, versionId, second: secondOf(at), calls, errors, buckets }]);
}

const BAKE_OVER = 5_000 + METRICS_SETTLE_MS + 100;

describe("R16 rollout controller", () => {
  it("R16 steps when a bake passes, bakes the last step too, then completes at the target", async () => {
    const id = await service();
    const rollout = await start(id, { targetRatios: split(0, 100), stepPercent: 60, bakeSeconds: 5, guards: { maxErrorRatePercent: 5, minCalls: 10 } });
    const c = controller();
    const stepStart = (await read(rollout.id)).stepStartedAt.getTime();
    await measured(id, V2(), stepStart + 1_000, 30, 0);
    await afterStepStart(rollout.id, 4_000);
    await c.tick();
    expect((await read(rollout.id)).step).toBe(1);
    await afterStepStart(rollout.id, BAKE_OVER);
    await c.tick();
    const stepped = await read(rollout.id);
    expect(stepped).toMatchObject({ state: "Running", step: 2, currentRatios: split(0, 100) });
    expect(await routing(id)).toEqual(split(0, 100));
    const [first] = stepped.history as Rollout["history"];
    expect(first).toMatchObject({ step: 1, ratios: split(40, 60) });
    expect(first!.verdict).toBe("Passed over the 5 s bake: 2.0.0 5xx on 0% of 30 calls (limit 5%), p99 25 ms.");
    expect(first!.measurements).toContainEqual({ versionId: V2(), calls: 30, errors: 0, errorRatePercent: 0, p99Ms: 24.85 });

    await measured(id, V2(), stepped.stepStartedAt.getTime() + 1_000, 50, 1);
    await afterStepStart(rollout.id, BAKE_OVER);
    await c.tick();
    const done = await read(rollout.id);
    expect(done.state).toBe("Completed");
    expect(done.reason).toMatch(/^Completed after 2 steps, each passing its guards: traffic is at 1\.0\.0 0% \/ 2\.0\.0 100%/);
    expect((done.history as Rollout["history"]).map((h) => h.step)).toEqual([1, 2]);
  });

  it("R16 rolls back mid-bake when a new version is clearly failing, with the guard and the numbers", async () => {
    const id = await service();
    const rollout = await start(id, { targetRatios: split(0, 100), stepPercent: 10, bakeSeconds: 60, guards: { maxErrorRatePercent: 5 } });
    await measured(id, V2(), (await read(rollout.id)).stepStartedAt.getTime() + 1_000, 20, 14);
    await afterStepStart(rollout.id, 3_000);
    await controller().tick();
    const rolledBack = await read(rollout.id);
    expect(rolledBack.state).toBe("RolledBack");
    expect(rolledBack.reason).toBe(
      "The error-rate guard broke: 2.0.0 answered 5xx on 70% of 20 calls in the first 3 s of the 60 s bake, above the 5% limit. Rolled back at step 1 (1.0.0 90% / 2.0.0 10%): traffic is back at 1.0.0 100% / 2.0.0 0%.",
    );
    expect(rolledBack.currentRatios).toEqual(split(100, 0));
    expect(await routing(id)).toEqual(split(100, 0));
    expect(await events(id, "RolloutRolledBack")).toHaveLength(1);
  });

  it("R16 judges the new version against the baseline at the end of the bake", async () => {
    const id = await service();
    const rollout = await start(id, { targetRatios: split(50, 50), stepPercent: 50, bakeSeconds: 5, guards: { maxErrorRateVsBaseline: 2 } });
    const stepStart = (await read(rollout.id)).stepStartedAt.getTime();
    await measured(id, V1(), stepStart + 1_000, 100, 2);
    await measured(id, V2(), stepStart + 1_000, 100, 6);
    await afterStepStart(rollout.id, BAKE_OVER);
    await controller().tick();
    const rolledBack = await read(rollout.id);
    expect(rolledBack.state).toBe("RolledBack");
    expect(rolledBack.reason).toContain(
      "The error-rate-against-baseline guard broke: 2.0.0 answered 5xx on 6% of 100 calls over the 5 s bake, above 5% (1.0.0 answered 5xx on 2% of 100 calls; the limit is 2 times that plus 1 point).",
    );
  });

  it("R16 pause holds the split across bake windows; resume starts a new bake", async () => {
    const id = await service();
    const rollout = await start(id, { targetRatios: split(0, 100), stepPercent: 50, bakeSeconds: 5, guards: { minCalls: 0 } });
    expect((await act(id, rollout.id, "pause")).statusCode).toBe(200);
    const c = controller();
    for (const seconds of [10, 30, 90]) {
      await afterStepStart(rollout.id, seconds * 1000);
      await c.tick();
      expect(await read(rollout.id)).toMatchObject({ state: "Paused", step: 1, currentRatios: split(50, 50) });
      expect(await routing(id)).toEqual(split(50, 50));
    }
    expect((await act(id, rollout.id, "resume")).statusCode).toBe(200);
    await afterStepStart(rollout.id, 2_000);
    await c.tick();
    expect((await read(rollout.id)).step).toBe(1);
    await afterStepStart(rollout.id, BAKE_OVER);
    await c.tick();
    expect(await read(rollout.id)).toMatchObject({ state: "Running", step: 2, currentRatios: split(0, 100) });
  });

  it("R16 a restarted controller (a new instance) carries on with a running rollout", async () => {
    const id = await service();
    const rollout = await start(id, { targetRatios: split(0, 100), stepPercent: 50, bakeSeconds: 5, guards: { minCalls: 0 } });
    await afterStepStart(rollout.id, BAKE_OVER);
    await controller().tick();
    expect((await read(rollout.id)).step).toBe(2);
    // The first worker is gone; everything the next one needs is in the row.
    await afterStepStart(rollout.id, BAKE_OVER);
    await controller().tick();
    expect((await read(rollout.id)).state).toBe("Completed");
    expect(await routing(id)).toEqual(split(0, 100));
  });

  it("R16 two workers on one rollout take each step once", async () => {
    const id = await service();
    const rollout = await start(id, { targetRatios: split(0, 100), stepPercent: 10, bakeSeconds: 5, guards: { minCalls: 0 } });
    await afterStepStart(rollout.id, BAKE_OVER);
    await Promise.all([controller().tick(), controller().tick(), controller().tick()]);
    expect(await read(rollout.id)).toMatchObject({ step: 2, currentRatios: split(80, 20) });
    expect(await events(id, "RolloutStep")).toHaveLength(1);
  });

  it("R16 a step racing an abort never undoes the abort", async () => {
    for (let round = 0; round < 3; round++) {
      const id = await service();
      const rollout = await start(id, { targetRatios: split(0, 100), stepPercent: 10, bakeSeconds: 5, guards: { minCalls: 0 } });
      await afterStepStart(rollout.id, BAKE_OVER);
      const [, aborted] = await Promise.all([controller().tick(), act(id, rollout.id, "abort")]);
      expect(aborted.statusCode, aborted.body).toBe(200);
      expect(await read(rollout.id)).toMatchObject({ state: "Aborted", currentRatios: split(100, 0) });
      expect(await routing(id)).toEqual(split(100, 0));
    }
  });

  it("R16 a service that stops aborts its rollout and gets its starting split back; an update keeps the update's split", async () => {
    const id = await service();
    const rollout = await start(id, { targetRatios: split(0, 100), stepPercent: 30, bakeSeconds: 5 });
    const stop = await t.app.inject({ method: "POST", url: `/api/v1/services/${id}/stop`, headers: { cookie: alice } });
    expect(stop.statusCode, stop.body).toBe(202);
    await controller().tick();
    expect(await read(rollout.id)).toMatchObject({
      state: "Aborted",
      reason: "Aborted at step 1 (1.0.0 70% / 2.0.0 30%): the service is Stopping, and a rollout moves the traffic of a serving service only; traffic is back at 1.0.0 100% / 2.0.0 0%.",
    });
    expect(await routing(id)).toEqual(split(100, 0));

    const updating = await service();
    const second = await start(updating, { targetRatios: split(0, 100), stepPercent: 30, bakeSeconds: 5 });
    await t.db.prisma.service.update({ where: { id: updating }, data: { state: "Updating" } });
    await controller().tick();
    expect((await read(second.id)).reason).toBe(
      "Aborted at step 1 (1.0.0 70% / 2.0.0 30%): the service is Updating, and a rollout moves the traffic of a serving service only; the update sets the traffic from now on.",
    );
    expect(await routing(updating)).toEqual(split(70, 30));
  });

  it("R16 an Abnormal service holds its rollout; a step without enough calls keeps baking and says so once", async () => {
    const id = await service();
    const rollout = await start(id, { targetRatios: split(0, 100), stepPercent: 30, bakeSeconds: 5, guards: { maxErrorRatePercent: 5, minCalls: 10 } });
    const c = controller();
    await t.db.prisma.service.update({ where: { id }, data: { state: "Abnormal" } });
    await afterStepStart(rollout.id, 60_000);
    await c.tick();
    expect(await read(rollout.id)).toMatchObject({ state: "Running", step: 1 });
    expect(await events(id, "RolloutWaitingForCalls")).toHaveLength(0);

    await t.db.prisma.service.update({ where: { id }, data: { state: "Running" } });
    await measured(id, V2(), (await read(rollout.id)).stepStartedAt.getTime() + 1_000, 4, 0);
    await afterStepStart(rollout.id, BAKE_OVER);
    await c.tick();
    expect(await events(id, "RolloutWaitingForCalls")).toHaveLength(0);
    for (const seconds of [16, 20, 40]) {
      await afterStepStart(rollout.id, seconds * 1000 + METRICS_SETTLE_MS);
      await c.tick();
    }
    expect(await read(rollout.id)).toMatchObject({ state: "Running", step: 1 });
    const waiting = await events(id, "RolloutWaitingForCalls");
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.reason).toMatch(
      /^Rollout waits at step 1 \(1\.0\.0 70% \/ 2\.0\.0 30%\): 2\.0\.0 had 4 of the 10 calls the guards need after 1[56] s; the step keeps baking\. Send it traffic, or promote or abort the rollout\.$/,
    );
  });
});
