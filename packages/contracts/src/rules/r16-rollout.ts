import { ROLLOUT_MESSAGES, StartRolloutRequestSchema, TrafficSplitSchema, type StartRolloutRequest, type TrafficSplit } from "../api-schemas.ts";
import { MODIFY_MESSAGES } from "../modify-request.ts";
import { issue, normalizeIssues, type RuleIssue } from "./rule-issue.ts";
import { REQUEST_MESSAGES } from "./validate-deploy-request.ts";

// R16 progressive rollouts: a start request judged against the service's versions and current split
// (the API answers with these issues, the console shows the same ones as you type), and the plan of
// steps from the current split to the target.

/** A version of the service, as the rules name it. */
export interface RolloutVersion {
  versionId: string;
  /** e.g. "2.0.0" */
  version: string;
}

export interface RolloutContext {
  versions: readonly RolloutVersion[];
  /** The split the gateway routes by now (the rollout starts from it). */
  routing: TrafficSplit;
}

export const ROLLOUT_TARGET_MESSAGES = {
  notAnObject: "The request body must be a JSON object with the rollout's target ratios, step and bake time.",
  ratio: "Traffic Ratio (%) must be a whole number from 0 to 100.",
  unknownVersion: "This is not a version of the service; list the service's own versions.",
  duplicate: "This version is listed twice; list each version once.",
  missing: (labels: readonly string[]) => `Target ratios must list every version of the service once; missing ${labels.join(", ")}.`,
  sum: (sum: number) => `Target ratios must add up to 100; they add up to ${sum}.`,
  unchanged: "Traffic is already split this way. Choose target ratios that differ from the current split.",
  baselineUnknown: "The baseline must be one of the service's versions.",
  baselineGains: (label: string) => `The baseline is the version the new one is compared with; ${label} gains traffic in this rollout, so it cannot be the baseline.`,
  revision: MODIFY_MESSAGES.revision,
} as const;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function ratioOf(split: TrafficSplit, versionId: string): number {
  return split.find((s) => s.versionId === versionId)?.trafficRatio ?? 0;
}

/** Which version the guards compare with, and which versions are judged: those gaining traffic. */
export function rolloutRoles(start: TrafficSplit, target: TrafficSplit, baselineVersionId?: string): { baselineVersionId: string; newVersionIds: string[] } {
  const newVersionIds = target.filter((t) => t.trafficRatio > ratioOf(start, t.versionId)).map((t) => t.versionId);
  if (baselineVersionId !== undefined) return { baselineVersionId, newVersionIds };
  let baseline = target[0]?.versionId ?? "";
  let mostLost = Number.NEGATIVE_INFINITY;
  for (const t of target) {
    const lost = ratioOf(start, t.versionId) - t.trafficRatio;
    if (lost > mostLost) {
      mostLost = lost;
      baseline = t.versionId;
    }
  }
  return { baselineVersionId: baseline, newVersionIds };
}

/**
 * One step from `current` towards `target`: each gaining version gains up to `stepPercent` points,
 * and the losing versions give up exactly that much between them, in proportion to what each still
 * has to lose, in whole points. The sum stays 100; the order is the target's.
 */
export function nextRatios(current: TrafficSplit, target: TrafficSplit, stepPercent: number): TrafficSplit {
  const gains = target.map((t) => Math.max(0, Math.min(stepPercent, t.trafficRatio - ratioOf(current, t.versionId))));
  const gained = gains.reduce((a, b) => a + b, 0);
  const toLose = target.map((t) => Math.max(0, ratioOf(current, t.versionId) - t.trafficRatio));
  const totalToLose = toLose.reduce((a, b) => a + b, 0);
  const exact = toLose.map((l) => (totalToLose === 0 ? 0 : (gained * l) / totalToLose));
  const losses = exact.map(Math.floor);
  let left = gained - losses.reduce((a, b) => a + b, 0);
  // Whole points left over go to the largest remainders (largest remainder method).
  const byRemainder = exact.map((x, i) => ({ i, remainder: x - Math.floor(x) })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    if (losses[i]! < toLose[i]!) {
      losses[i]! += 1;
      left -= 1;
    }
  }
  return target.map((t, i) => ({ versionId: t.versionId, trafficRatio: ratioOf(current, t.versionId) + gains[i]! - losses[i]! }));
}

export function sameSplit(a: TrafficSplit, b: TrafficSplit): boolean {
  const ids = new Set([...a, ...b].map((s) => s.versionId));
  return [...ids].every((id) => ratioOf(a, id) === ratioOf(b, id));
}

/** Every split the rollout will route by, from the first step to the target. */
export function rolloutPlan(start: TrafficSplit, target: TrafficSplit, stepPercent: number): TrafficSplit[] {
  const steps: TrafficSplit[] = [];
  let current = start;
  while (!sameSplit(current, target) && steps.length < 100) {
    current = nextRatios(current, target, stepPercent);
    steps.push(current);
  }
  return steps;
}

/** "1.0.0 90% / 2.0.0 10%" */
export function describeSplit(split: TrafficSplit, versions: readonly RolloutVersion[]): string {
  return split.map((s) => `${versions.find((v) => v.versionId === s.versionId)?.version ?? s.versionId} ${s.trafficRatio}%`).join(" / ");
}

export type StartRolloutValidation =
  | { ok: true; value: StartRolloutRequest; issues: [] }
  | { ok: false; value: null; issues: RuleIssue[] };

function schemaIssues(body: unknown): { value: StartRolloutRequest | null; issues: RuleIssue[] } {
  const parsed = StartRolloutRequestSchema.safeParse(body);
  if (parsed.success) return { value: parsed.data, issues: [] };
  const issues: RuleIssue[] = [];
  for (const iss of parsed.error.issues) {
    const path = iss.path.map(String);
    if (iss.code === "unrecognized_keys") {
      for (const key of iss.keys) issues.push(issue("R15", [...path, key].join("."), REQUEST_MESSAGES.unknownField(key)));
      continue;
    }
    const [field, index, leaf] = path;
    if (field === "targetRatios") {
      if (leaf === "trafficRatio") issues.push(issue("R16", path.join("."), ROLLOUT_TARGET_MESSAGES.ratio));
      else if (leaf === "versionId") issues.push(issue("R16", path.join("."), ROLLOUT_TARGET_MESSAGES.unknownVersion));
      else issues.push(issue("R16", index === undefined ? "targetRatios" : `targetRatios.${index}`, ROLLOUT_MESSAGES.targetRatios));
    } else if (field === "revision") {
      issues.push(issue("R16", "revision", ROLLOUT_TARGET_MESSAGES.revision));
    } else if (field === "baselineVersionId") {
      issues.push(issue("R16", "baselineVersionId", ROLLOUT_TARGET_MESSAGES.baselineUnknown));
    } else {
      issues.push(issue("R16", path.join("."), iss.message));
    }
  }
  return { value: null, issues };
}

/** The target split against the service: every version once, whole percents adding up to 100, not the current split. */
function targetIssues(targetRatios: unknown, ctx: RolloutContext): RuleIssue[] {
  if (!Array.isArray(targetRatios)) return [];
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  let sum = 0;
  let allRatiosValid = true;
  targetRatios.forEach((entry: unknown, i) => {
    if (!isRecord(entry)) {
      allRatiosValid = false;
      return;
    }
    const { versionId, trafficRatio } = entry;
    if (typeof versionId === "string") {
      if (!ctx.versions.some((v) => v.versionId === versionId)) issues.push(issue("R16", `targetRatios.${i}.versionId`, ROLLOUT_TARGET_MESSAGES.unknownVersion));
      else if (seen.has(versionId)) issues.push(issue("R16", `targetRatios.${i}.versionId`, ROLLOUT_TARGET_MESSAGES.duplicate));
      seen.add(versionId);
    }
    if (typeof trafficRatio === "number" && Number.isInteger(trafficRatio) && trafficRatio >= 0 && trafficRatio <= 100) sum += trafficRatio;
    else allRatiosValid = false;
  });
  const missing = ctx.versions.filter((v) => !seen.has(v.versionId)).map((v) => v.version);
  if (missing.length > 0) issues.push(issue("R16", "targetRatios", ROLLOUT_TARGET_MESSAGES.missing(missing)));
  if (allRatiosValid && targetRatios.length > 0 && sum !== 100) issues.push(issue("R16", "targetRatios", ROLLOUT_TARGET_MESSAGES.sum(sum)));
  return issues;
}

/**
 * Judges a start request: the schema (step, bake time, guards), the target against the service's
 * versions, and the baseline. Every issue at once, each with its field path.
 */
export function validateStartRollout(body: unknown, ctx: RolloutContext): StartRolloutValidation {
  if (!isRecord(body)) return { ok: false, value: null, issues: [issue("R15", "", ROLLOUT_TARGET_MESSAGES.notAnObject)] };
  const { value, issues } = schemaIssues(body);
  const againstService = targetIssues(body["targetRatios"], ctx);
  issues.push(...againstService);
  const target = TrafficSplitSchema.safeParse(body["targetRatios"]);
  const validTarget = target.success && againstService.length === 0 ? target.data : null;
  if (validTarget && sameSplit(validTarget, ctx.routing)) issues.push(issue("R16", "targetRatios", ROLLOUT_TARGET_MESSAGES.unchanged));
  const baseline = body["baselineVersionId"];
  if (typeof baseline === "string") {
    const version = ctx.versions.find((v) => v.versionId === baseline);
    if (!version) issues.push(issue("R16", "baselineVersionId", ROLLOUT_TARGET_MESSAGES.baselineUnknown));
    else if (validTarget && ratioOf(validTarget, baseline) > ratioOf(ctx.routing, baseline)) {
      issues.push(issue("R16", "baselineVersionId", ROLLOUT_TARGET_MESSAGES.baselineGains(version.version)));
    }
  }
  if (value && issues.length === 0) return { ok: true, value, issues: [] };
  return { ok: false, value: null, issues: normalizeIssues(issues) };
}
