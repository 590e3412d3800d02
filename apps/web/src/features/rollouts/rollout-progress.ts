// How far a rollout has come, in numbers the panel writes out: steps, bake time left, ratios.
import type { Rollout, TrafficSplit } from "@rts/contracts";

export function ratioOf(split: TrafficSplit, versionId: string): number | null {
  return split.find((entry) => entry.versionId === versionId)?.trafficRatio ?? null;
}

/**
 * Steps from start to target: each gaining version gains up to `stepPercent` points a step (the
 * losing ones give that up between them), so the version gaining most sets the count.
 */
export function totalSteps(rollout: Pick<Rollout, "startRatios" | "targetRatios" | "stepPercent">): number {
  const largestGain = Math.max(
    0,
    ...rollout.targetRatios.map((target) => target.trafficRatio - (ratioOf(rollout.startRatios, target.versionId) ?? 0)),
  );
  return Math.max(1, Math.ceil(largestGain / Math.max(1, rollout.stepPercent)));
}

/** Whole seconds until the current step's bake is over (0 once it is: the guards then judge it). */
export function bakeSecondsLeft(rollout: Pick<Rollout, "stepStartedAt" | "bakeSeconds">, nowMs: number): number {
  const started = Date.parse(rollout.stepStartedAt);
  if (Number.isNaN(started)) return rollout.bakeSeconds;
  const left = (started + rollout.bakeSeconds * 1000 - nowMs) / 1000;
  return Math.min(rollout.bakeSeconds, Math.max(0, Math.ceil(left)));
}
