// The Start rollout form as plain text values, judged by the shared rule the API uses
// (validateStartRollout), against the service's versions and live split.
import { validateStartRollout, type RolloutContext, type TrafficSplit } from "@rts/contracts";
import type { StartRolloutBody } from "../../api/rollouts/rollouts.ts";

export const GUARD_FIELDS = ["maxErrorRatePercent", "maxP99Ms", "maxErrorRateVsBaseline", "maxP99VsBaseline", "minCalls"] as const;
export type GuardField = (typeof GUARD_FIELDS)[number];

export interface RolloutFormValues {
  /** Percent per version id, as typed. */
  targetRatios: Record<string, string>;
  stepPercent: string;
  bakeSeconds: string;
  /** "" lets the server pick the version losing the most traffic. */
  baselineVersionId: string;
  guards: Record<GuardField, string>;
}

/** Where each value's error shows: the request's own dotted paths. */
export const TARGET_RATIOS_PATH = "targetRatios";
export const guardPath = (field: GuardField) => `guards.${field}`;

export const DEFAULT_STEP_PERCENT = 10;
export const DEFAULT_BAKE_SECONDS = 60;
export const DEFAULT_MIN_CALLS = 10;

/**
 * Starts from the live split and aims all traffic at the version that has the least of it now
 * (the new one, usually), in ten-point steps of a minute each.
 */
export function defaultRolloutValues(routing: TrafficSplit): RolloutFormValues {
  const receiver = routing.reduce<TrafficSplit[number] | undefined>(
    (least, entry) => (least === undefined || entry.trafficRatio <= least.trafficRatio ? entry : least),
    undefined,
  );
  return {
    targetRatios: Object.fromEntries(routing.map((entry) => [entry.versionId, entry === receiver ? "100" : "0"])),
    stepPercent: String(DEFAULT_STEP_PERCENT),
    bakeSeconds: String(DEFAULT_BAKE_SECONDS),
    baselineVersionId: "",
    guards: { maxErrorRatePercent: "", maxP99Ms: "", maxErrorRateVsBaseline: "", maxP99VsBaseline: "", minCalls: String(DEFAULT_MIN_CALLS) },
  };
}

/** "" is absent; anything else is the number it reads as (NaN when it reads as none, so the rule's message shows). */
function numberOrAbsent(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === "" ? undefined : Number(trimmed);
}

export function sumOfTargets(values: RolloutFormValues, versionIds: readonly string[]): number | null {
  const ratios = versionIds.map((id) => numberOrAbsent(values.targetRatios[id] ?? ""));
  if (!ratios.every((r): r is number => r !== undefined && Number.isInteger(r))) return null;
  return ratios.reduce((a, b) => a + b, 0);
}

function candidate(values: RolloutFormValues, versionIds: readonly string[]): Record<string, unknown> {
  const guards: Record<string, number> = {};
  for (const field of GUARD_FIELDS) {
    const value = numberOrAbsent(values.guards[field]);
    if (value !== undefined) guards[field] = value;
  }
  return {
    targetRatios: versionIds.map((versionId) => ({ versionId, trafficRatio: numberOrAbsent(values.targetRatios[versionId] ?? "") })),
    stepPercent: numberOrAbsent(values.stepPercent),
    bakeSeconds: numberOrAbsent(values.bakeSeconds),
    ...(values.baselineVersionId ? { baselineVersionId: values.baselineVersionId } : {}),
    guards,
  };
}

export type RolloutFormVerdict =
  | { ok: true; body: StartRolloutBody; errors: Record<string, never> }
  | { ok: false; body: null; errors: Record<string, string> };

/** The request to send, or every field's first problem by form path, in the API's own words. */
export function judgeRolloutForm(values: RolloutFormValues, ctx: RolloutContext): RolloutFormVerdict {
  const verdict = validateStartRollout(candidate(values, ctx.versions.map((v) => v.versionId)), ctx);
  if (verdict.ok) return { ok: true, body: verdict.value, errors: {} };
  const errors: Record<string, string> = {};
  for (const found of verdict.issues) errors[formPathOf(found.path)] ??= found.message;
  return { ok: false, body: null, errors };
}

export function formPathOf(serverPath: string): string {
  return serverPath.startsWith(`${TARGET_RATIOS_PATH}.`) ? TARGET_RATIOS_PATH : serverPath;
}
