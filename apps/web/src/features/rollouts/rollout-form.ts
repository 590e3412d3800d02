// The Start rollout form as plain text values, judged by the shared StartRolloutRequestSchema (so
// the console says what the API would) plus the one thing the schema leaves to the server's
// context: the targets cover every version once and add up to 100.
import { ROLLOUT_MESSAGES, StartRolloutRequestSchema, type TrafficSplit } from "@rts/contracts";
import type { StartRolloutBody } from "./api/start-rollout.ts";

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

/** The request to send, or every field's first problem by dotted path. */
export function judgeRolloutForm(values: RolloutFormValues, versionIds: readonly string[]): RolloutFormVerdict {
  const errors: Record<string, string> = {};
  const parsed = StartRolloutRequestSchema.safeParse(candidate(values, versionIds));
  if (!parsed.success) {
    for (const found of parsed.error.issues) {
      const path = found.path.map(String);
      // The split's items carry no message of their own: the list as a whole is what is wrong.
      const key = path[0] === TARGET_RATIOS_PATH ? TARGET_RATIOS_PATH : path.join(".");
      errors[key] ??= path[0] === TARGET_RATIOS_PATH ? ROLLOUT_MESSAGES.targetRatios : found.message;
    }
  }
  const sum = sumOfTargets(values, versionIds);
  if (sum !== null && sum !== 100) errors[TARGET_RATIOS_PATH] ??= ROLLOUT_MESSAGES.targetRatios;
  if (parsed.success && Object.keys(errors).length === 0) {
    return { ok: true, body: parsed.data, errors: {} };
  }
  return { ok: false, body: null, errors };
}

/** A server field error's path as the form shows it: target items belong to the list. */
export function formPathOf(serverPath: string): string {
  return serverPath.startsWith(`${TARGET_RATIOS_PATH}.`) ? TARGET_RATIOS_PATH : serverPath;
}
