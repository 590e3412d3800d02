// Rollout guards, judged by the gateway's own per-version measurements (no alarms to set up). Pure:
// the controller reads the windows and acts on the verdict.
//
// At the end of a bake a guard compares the measured value with its limit. Mid-bake it breaks only
// when the breach is already clear: the lower bound of a 99.9% (z = 3) Wilson interval of the share
// of bad calls lies above the limit's share, so a version failing most calls goes back within
// seconds, while a few unlucky calls early in a bake do not end a good rollout. The bound is strict
// on purpose: it is looked at every few hundred milliseconds.
import type { RolloutGuards, RolloutMeasurement, RolloutVersion } from "@rts/contracts";
import { LATENCY_BUCKETS_MS, estimatePercentile, type VersionWindow } from "../../gateway/metrics.ts";

const Z = 3;
/** The share of calls above p99. */
const P99_TAIL = 0.01;

export type GuardName = "maxErrorRatePercent" | "maxP99Ms" | "maxErrorRateVsBaseline" | "maxP99VsBaseline";

export const GUARD_LABELS: Record<GuardName, string> = {
  maxErrorRatePercent: "The error-rate guard",
  maxP99Ms: "The p99 latency guard",
  maxErrorRateVsBaseline: "The error-rate-against-baseline guard",
  maxP99VsBaseline: "The p99-against-baseline guard",
};

export interface GuardInput {
  guards: RolloutGuards;
  versions: readonly RolloutVersion[];
  baselineVersionId: string;
  newVersionIds: readonly string[];
  /** Each version's calls since the step started (versions without calls may be missing). */
  window: ReadonlyMap<string, VersionWindow>;
  /** The baseline since the rollout started, for when it had too few calls in this window. */
  baselineSinceStart?: VersionWindow | undefined;
  /** Seconds the window covers so far. */
  windowSeconds: number;
  bakeSeconds: number;
  /** The window holds the whole bake (its calls all written): the step is judged, not just watched. */
  final: boolean;
}

export type GuardVerdict =
  | { kind: "breach"; guard: GuardName; versionId: string; reason: string; measurements: RolloutMeasurement[] }
  /** The whole bake is in and every guard held. */
  | { kind: "pass"; verdict: string; measurements: RolloutMeasurement[] }
  /** The whole bake is in, but a new version has fewer calls than the guards need. */
  | { kind: "waiting"; verdict: string; measurements: RolloutMeasurement[] }
  /** Mid-bake, nothing clearly broken. */
  | { kind: "baking"; measurements: RolloutMeasurement[] };

/** Lower bound of the Wilson score interval for `bad` of `n`. */
export function wilsonLowerBound(bad: number, n: number, z = Z): number {
  if (n === 0) return 0;
  const p = bad / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - margin) / (1 + z2 / n));
}

/** Calls certainly slower than `limitMs`: those in buckets starting at or above it. */
export function callsSlowerThan(buckets: readonly number[], limitMs: number): number {
  let slow = 0;
  for (let i = 1; i < buckets.length; i++) if (LATENCY_BUCKETS_MS[i - 1]! >= limitMs) slow += buckets[i] ?? 0;
  return slow;
}

function emptyWindow(versionId: string): VersionWindow {
  return { versionId, calls: 0, errors: 0, buckets: [] };
}

function errorRatePercent(w: VersionWindow): number | null {
  return w.calls === 0 ? null : (w.errors / w.calls) * 100;
}

function p99(w: VersionWindow): number | null {
  return w.calls === 0 ? null : estimatePercentile(w.buckets, 0.99);
}

function measurement(w: VersionWindow): RolloutMeasurement {
  const rate = errorRatePercent(w);
  return { versionId: w.versionId, calls: w.calls, errors: w.errors, errorRatePercent: rate === null ? null : round(rate, 2), p99Ms: p99(w) };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function percent(x: number): string {
  return `${round(x, x < 10 ? 1 : 0)}%`;
}

function milliseconds(x: number): string {
  return `${round(x, x < 10 ? 1 : 0)} ms`;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

interface Limit {
  guard: GuardName;
  kind: "errorRate" | "p99";
  /** Percent for error rates, milliseconds for p99. */
  value: number;
  /** How the limit came about, for the sentence. */
  basis: string;
}

function limitsFor(guards: RolloutGuards, baseline: VersionWindow | null, baselineLabel: string): { limits: Limit[]; unjudged: string[] } {
  const limits: Limit[] = [];
  const unjudged: string[] = [];
  if (guards.maxErrorRatePercent !== undefined) {
    limits.push({ guard: "maxErrorRatePercent", kind: "errorRate", value: guards.maxErrorRatePercent, basis: `the ${percent(guards.maxErrorRatePercent)} limit` });
  }
  if (guards.maxP99Ms !== undefined) {
    limits.push({ guard: "maxP99Ms", kind: "p99", value: guards.maxP99Ms, basis: `the ${milliseconds(guards.maxP99Ms)} limit` });
  }
  const baseRate = baseline ? errorRatePercent(baseline) : null;
  const baseP99 = baseline ? p99(baseline) : null;
  if (guards.maxErrorRateVsBaseline !== undefined) {
    if (baseRate === null || baseline === null) unjudged.push("5xx rate against the baseline");
    else {
      const f = guards.maxErrorRateVsBaseline;
      limits.push({
        guard: "maxErrorRateVsBaseline",
        kind: "errorRate",
        value: baseRate * f + 1,
        basis: `${percent(baseRate * f + 1)} (${baselineLabel} answered 5xx on ${percent(baseRate)} of ${plural(baseline.calls, "call")}; the limit is ${f} times that plus 1 point)`,
      });
    }
  }
  if (guards.maxP99VsBaseline !== undefined) {
    if (baseP99 === null || baseP99 === undefined) unjudged.push("p99 against the baseline");
    else {
      const f = guards.maxP99VsBaseline;
      limits.push({ guard: "maxP99VsBaseline", kind: "p99", value: baseP99 * f, basis: `${milliseconds(baseP99 * f)} (${baselineLabel}'s p99 of ${milliseconds(baseP99)} times ${f})` });
    }
  }
  return { limits, unjudged };
}

function span(input: GuardInput, final: boolean): string {
  if (!final) return `in the first ${Math.min(input.windowSeconds, input.bakeSeconds)} s of the ${input.bakeSeconds} s bake`;
  return input.windowSeconds > input.bakeSeconds + 1 ? `over ${input.windowSeconds} s of baking` : `over the ${input.bakeSeconds} s bake`;
}

function breachSentence(label: string, w: VersionWindow, limit: Limit, where: string): string {
  if (limit.kind === "errorRate") return `${label} answered 5xx on ${percent(errorRatePercent(w)!)} of ${plural(w.calls, "call")} ${where}, above ${limit.basis}.`;
  return `${label}'s p99 latency was ${milliseconds(p99(w)!)} across ${plural(w.calls, "call")} ${where}, above ${limit.basis}.`;
}

function breaks(w: VersionWindow, limit: Limit, final: boolean): boolean {
  if (limit.kind === "errorRate") {
    return final ? errorRatePercent(w)! > limit.value : wilsonLowerBound(w.errors, w.calls) * 100 > limit.value;
  }
  return final ? p99(w)! > limit.value : wilsonLowerBound(callsSlowerThan(w.buckets, limit.value), w.calls) > P99_TAIL;
}

function held(label: string, w: VersionWindow, limits: readonly Limit[]): string {
  const rate = `5xx on ${percent(errorRatePercent(w)!)} of ${plural(w.calls, "call")}`;
  const latency = `p99 ${milliseconds(p99(w)!)}`;
  const rateLimit = limits.filter((l) => l.kind === "errorRate").map((l) => percent(l.value));
  const p99Limit = limits.filter((l) => l.kind === "p99").map((l) => milliseconds(l.value));
  return `${label} ${rate}${rateLimit.length ? ` (limit ${rateLimit.join(" and ")})` : ""}, ${latency}${p99Limit.length ? ` (limit ${p99Limit.join(" and ")})` : ""}`;
}

/**
 * Judges the new versions over the window. Once it is `final` the step passes, breaks, or waits for
 * calls; before that only a clear breach counts.
 */
export function judgeGuards(input: GuardInput): GuardVerdict {
  const { guards, window, final } = input;
  const label = (id: string) => input.versions.find((v) => v.versionId === id)?.version ?? id;
  const windowOf = (id: string) => window.get(id) ?? emptyWindow(id);
  const shown = [...new Set([...input.newVersionIds, input.baselineVersionId, ...window.keys()])];
  const measurements = shown.map((id) => measurement(windowOf(id)));

  const inWindow = windowOf(input.baselineVersionId);
  const baseline =
    inWindow.calls >= Math.max(1, guards.minCalls) ? inWindow : input.baselineSinceStart && input.baselineSinceStart.calls >= Math.max(1, guards.minCalls) ? input.baselineSinceStart : null;
  const { limits, unjudged } = limitsFor(guards, baseline, label(input.baselineVersionId));

  const short: string[] = [];
  const summaries: string[] = [];
  for (const id of input.newVersionIds) {
    const w = windowOf(id);
    if (w.calls < guards.minCalls) {
      short.push(`${label(id)} had ${w.calls} of the ${guards.minCalls} calls the guards need`);
      continue;
    }
    if (w.calls === 0) {
      summaries.push(`${label(id)} took no calls`);
      continue;
    }
    const broken = limits.find((limit) => breaks(w, limit, final));
    if (broken) return { kind: "breach", guard: broken.guard, versionId: id, reason: `${GUARD_LABELS[broken.guard]} broke: ${breachSentence(label(id), w, broken, span(input, final))}`, measurements };
    summaries.push(held(label(id), w, limits));
  }
  if (!final) return { kind: "baking", measurements };
  if (short.length > 0) return { kind: "waiting", verdict: `${short.join("; ")} after ${input.windowSeconds} s; the step keeps baking.`, measurements };
  const notes = [
    limits.length === 0 && unjudged.length === 0 ? "no guards set" : null,
    unjudged.length ? `not judged for want of baseline calls: ${unjudged.join(", ")}` : null,
  ].filter(Boolean);
  return { kind: "pass", verdict: `Passed ${span(input, true)}: ${summaries.join("; ")}${notes.length ? ` (${notes.join("; ")})` : ""}.`, measurements };
}

/** The guards in words, for the start event. */
export function describeGuards(guards: RolloutGuards, baselineLabel: string): string {
  const parts: string[] = [];
  if (guards.maxErrorRatePercent !== undefined) parts.push(`5xx rate at most ${percent(guards.maxErrorRatePercent)}`);
  if (guards.maxP99Ms !== undefined) parts.push(`p99 at most ${milliseconds(guards.maxP99Ms)}`);
  if (guards.maxErrorRateVsBaseline !== undefined) parts.push(`5xx rate at most ${guards.maxErrorRateVsBaseline} times ${baselineLabel}'s plus 1 point`);
  if (guards.maxP99VsBaseline !== undefined) parts.push(`p99 at most ${guards.maxP99VsBaseline} times ${baselineLabel}'s`);
  const limits = parts.length > 0 ? parts.join(", ") : "none, so each step moves on when its bake ends";
  return `guards: ${limits}; a step is judged once each new version took ${plural(guards.minCalls, "call")} in it`;
}
