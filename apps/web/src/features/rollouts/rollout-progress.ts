// How far a rollout has come, in numbers the panel writes out: steps, bake time left, ratios.
import { rolloutPlan, type Rollout, type TrafficSplit } from "@rts/contracts";

export function ratioOf(split: TrafficSplit, versionId: string): number | null {
  return split.find((entry) => entry.versionId === versionId)?.trafficRatio ?? null;
}

/** Steps from start to target, as the API plans them (the shared rule). */
export function totalSteps(rollout: Pick<Rollout, "startRatios" | "targetRatios" | "stepPercent">): number {
  return Math.max(1, rolloutPlan(rollout.startRatios, rollout.targetRatios, rollout.stepPercent).length);
}

/** Whole seconds until the current step's bake is over (0 once it is: the guards then judge it). */
export function bakeSecondsLeft(rollout: Pick<Rollout, "stepStartedAt" | "bakeSeconds">, nowMs: number): number {
  const started = Date.parse(rollout.stepStartedAt);
  if (Number.isNaN(started)) return rollout.bakeSeconds;
  const left = (started + rollout.bakeSeconds * 1000 - nowMs) / 1000;
  return Math.min(rollout.bakeSeconds, Math.max(0, Math.ceil(left)));
}
