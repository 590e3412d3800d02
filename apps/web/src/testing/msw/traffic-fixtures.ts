// A two-version service and its rollouts in every state, for the traffic panel's stories and
// tests. Times are relative to when a fixture is built, so a running bake shows time left.
import { MASKED_ENV_VAR_VALUE, type Rollout, type RolloutStep, type ServiceDetail, type TrafficSplit } from "@rts/contracts";
import { flavors, pools, versions } from "@rts/contracts/testing";
import { howToCall } from "./fixtures.ts";

export const TRAFFIC_SERVICE_ID = "svc-traffic";
const V1 = versions.digitsV1;
const V2 = versions.digitsV2;
export const trafficVersions = { v1: V1, v2: V2 };

export function split(v1: number, v2: number): TrafficSplit {
  return [
    { versionId: V1.id, trafficRatio: v1 },
    { versionId: V2.id, trafficRatio: v2 },
  ];
}

function ago(seconds: number): string {
  return new Date(Date.now() - seconds * 1000).toISOString();
}

/** digits 1.0.0 and 2.0.0 on the public pool; `configured` and `routing` are v1/v2 percents. */
export function trafficService(options: { configured?: [number, number]; routing?: [number, number]; revision?: number } = {}): ServiceDetail {
  const [c1, c2] = options.configured ?? [90, 10];
  const [r1, r2] = options.routing ?? [c1, c2];
  return {
    id: TRAFFIC_SERVICE_ID,
    name: "digits-service",
    description: "Handwritten digit recognition",
    state: "Running",
    stateReason: null,
    poolType: "public",
    pools: [{ id: pools.public.id, name: pools.public.name }],
    multiPoolLoadBalancing: false,
    websocket: false,
    applicationName: V1.applicationName,
    versions: [
      { versionId: V1.id, version: V1.version, trafficRatio: c1 },
      { versionId: V2.id, version: V2.version, trafficRatio: c2 },
    ],
    autoStopAt: null,
    createdAt: ago(3600),
    updatedAt: ago(600),
    revision: options.revision ?? 3,
    routing: split(r1, r2),
    autoStop: null,
    timeoutMinutes: 20,
    dataCollection: { enabled: false },
    trafficLimit: null,
    desiredState: "Running",
    configurations: [
      {
        id: "cfg-v1",
        versionId: V1.id,
        version: V1.version,
        applicationName: V1.applicationName,
        trafficRatio: c1,
        flavorId: flavors.cpu2.id,
        flavorName: flavors.cpu2.name,
        computeNodes: 1,
        envVars: [{ key: "MODEL_THREADS", value: MASKED_ENV_VAR_VALUE }],
        ...howToCall(V1.id),
      },
      {
        id: "cfg-v2",
        versionId: V2.id,
        version: V2.version,
        applicationName: V2.applicationName,
        trafficRatio: c2,
        flavorId: flavors.cpu2.id,
        flavorName: flavors.cpu2.name,
        computeNodes: 1,
        envVars: [],
        ...howToCall(V2.id),
      },
    ],
    instances: [],
    events: [],
  };
}

function step(n: number, v2Share: number, secondsAgo: number, v2: { calls: number; errors: number; p99Ms: number }, verdict: string): RolloutStep {
  const v1Calls = Math.round((v2.calls * (100 - v2Share)) / Math.max(1, v2Share));
  return {
    step: n,
    at: ago(secondsAgo),
    ratios: split(100 - v2Share, v2Share),
    measurements: [
      { versionId: V1.id, calls: v1Calls, errors: 0, errorRatePercent: v1Calls > 0 ? 0 : null, p99Ms: v1Calls > 0 ? 41 : null },
      { versionId: V2.id, calls: v2.calls, errors: v2.errors, errorRatePercent: v2.calls > 0 ? (v2.errors / v2.calls) * 100 : null, p99Ms: v2.p99Ms },
    ],
    verdict,
  };
}

const GUARDS = { maxErrorRatePercent: 2, maxP99Ms: 500, maxErrorRateVsBaseline: 2, minCalls: 10 };

function rollout(overrides: Partial<Rollout>): Rollout {
  return {
    id: "rollout-1",
    serviceId: TRAFFIC_SERVICE_ID,
    state: "Running",
    startRatios: split(90, 10),
    targetRatios: split(0, 100),
    currentRatios: split(70, 30),
    stepPercent: 20,
    bakeSeconds: 60,
    baselineVersionId: V1.id,
    guards: GUARDS,
    step: 2,
    stepStartedAt: ago(20),
    history: [],
    reason: null,
    createdAt: ago(100),
    finishedAt: null,
    ...overrides,
  };
}

const PASSED = "Passed: 5xx rate and p99 within every guard.";

/** Step 2 of 5 (90/10 -> 0/100 by 20 points), 40 s of a 60 s bake left; step 1 passed. */
export function runningRollout(): Rollout {
  return rollout({ history: [step(1, 10, 20, { calls: 24, errors: 0, p99Ms: 48 }, PASSED)] });
}

export function pausedRollout(): Rollout {
  return rollout({ state: "Paused", reason: "Paused by alice." });
}

export const ROLLED_BACK_REASON =
  "Rolled back at step 3: digits 2.0.0 had a 5xx rate of 7.5% (6 of 80 calls) over the 60 s bake, above the limit of 2%.";

export function rolledBackRollout(): Rollout {
  return rollout({
    state: "RolledBack",
    step: 3,
    currentRatios: split(90, 10),
    history: [
      step(1, 10, 140, { calls: 22, errors: 0, p99Ms: 47 }, PASSED),
      step(2, 30, 80, { calls: 61, errors: 1, p99Ms: 52 }, PASSED),
      step(3, 50, 20, { calls: 80, errors: 6, p99Ms: 95 }, "Broken: 5xx rate 7.5% > 2% (max 5xx rate)."),
    ],
    reason: ROLLED_BACK_REASON,
    createdAt: ago(200),
    finishedAt: ago(20),
  });
}

export function completedRollout(): Rollout {
  return rollout({
    id: "rollout-0",
    state: "Completed",
    startRatios: split(100, 0),
    targetRatios: split(0, 100),
    currentRatios: split(0, 100),
    stepPercent: 50,
    bakeSeconds: 5,
    guards: { minCalls: 0 },
    step: 2,
    history: [
      step(1, 50, 15, { calls: 30, errors: 0, p99Ms: 45 }, PASSED),
      step(2, 100, 10, { calls: 58, errors: 0, p99Ms: 44 }, PASSED),
    ],
    reason: "Reached the target split.",
    createdAt: ago(25),
    finishedAt: ago(10),
  });
}
