import { describe, expect, it } from "vitest";
import { RolloutGuardsSchema, type RolloutGuards } from "@rts/contracts";
import { BUCKET_COUNT, bucketIndex, type VersionWindow } from "../../gateway/metrics.ts";
import { callsSlowerThan, judgeGuards, wilsonLowerBound, type GuardInput } from "./rollout-guards.ts";

const OLD = "00000000-0000-4000-8000-0000000000a1";
const NEW = "00000000-0000-4000-8000-0000000000b2";
const versions = [
  { versionId: OLD, version: "1.0.0" },
  { versionId: NEW, version: "2.0.0" },
];

/** A window of `calls` calls, `errors` of them failed, each taking `latencyMs`. */
function window(versionId: string, calls: number, errors: number, latencyMs = 20, slow: { count: number; latencyMs: number } = { count: 0, latencyMs: 0 }): VersionWindow {
  const buckets = new Array<number>(BUCKET_COUNT).fill(0);
  buckets[bucketIndex(latencyMs)]! += calls - slow.count;
  buckets[bucketIndex(slow.latencyMs)]! += slow.count;
  return { versionId, calls, errors, buckets };
}

function input(guards: Partial<RolloutGuards>, windows: VersionWindow[], windowSeconds = 10, extra: Partial<GuardInput> = {}): GuardInput {
  return {
    guards: RolloutGuardsSchema.parse(guards),
    versions,
    baselineVersionId: OLD,
    newVersionIds: [NEW],
    window: new Map(windows.map((w) => [w.versionId, w])),
    windowSeconds,
    bakeSeconds: 10,
    final: windowSeconds >= 10,
    ...extra,
  };
}

describe("R16 rollout guards", () => {
  it("R16 breaks the error-rate guard at the end of the bake and says by how much", () => {
    const verdict = judgeGuards(input({ maxErrorRatePercent: 5 }, [window(OLD, 120, 0), window(NEW, 120, 52)]));
    expect(verdict).toMatchObject({ kind: "breach", guard: "maxErrorRatePercent", versionId: NEW });
    expect(verdict.kind === "breach" && verdict.reason).toBe(
      "The error-rate guard broke: 2.0.0 answered 5xx on 43% of 120 calls over the 10 s bake, above the 5% limit.",
    );
  });

  it("R16 passes a step whose new version stays within every guard, with the measurements", () => {
    const verdict = judgeGuards(input({ maxErrorRatePercent: 5, maxP99Ms: 500 }, [window(OLD, 100, 0), window(NEW, 100, 2)]));
    expect(verdict.kind).toBe("pass");
    expect(verdict.kind === "pass" && verdict.verdict).toBe("Passed over the 10 s bake: 2.0.0 5xx on 2% of 100 calls (limit 5%), p99 25 ms (limit 500 ms).");
    expect(verdict.measurements).toEqual([
      { versionId: NEW, calls: 100, errors: 2, errorRatePercent: 2, p99Ms: 24.85 },
      { versionId: OLD, calls: 100, errors: 0, errorRatePercent: 0, p99Ms: 24.85 },
    ]);
  });

  it("R16 keeps baking while the new version has fewer calls than minCalls, and says so once the bake is over", () => {
    expect(judgeGuards(input({ maxErrorRatePercent: 5, minCalls: 10 }, [window(NEW, 4, 4)], 5)).kind).toBe("baking");
    const verdict = judgeGuards(input({ maxErrorRatePercent: 5, minCalls: 10 }, [window(NEW, 4, 4)], 12));
    expect(verdict).toMatchObject({ kind: "waiting", verdict: "2.0.0 had 4 of the 10 calls the guards need after 12 s; the step keeps baking." });
  });

  it("R16 breaks mid-bake only when the breach is clear", () => {
    // 12 of 20 calls failed in the first 3 s: clearly above 5%.
    expect(judgeGuards(input({ maxErrorRatePercent: 5 }, [window(NEW, 20, 12)], 3))).toMatchObject({
      kind: "breach",
      reason: "The error-rate guard broke: 2.0.0 answered 5xx on 60% of 20 calls in the first 3 s of the 10 s bake, above the 5% limit.",
    });
    // 2 of 20 is 10%, above 5%, but not clearly so yet: keep baking; at the end it counts.
    expect(judgeGuards(input({ maxErrorRatePercent: 5 }, [window(NEW, 20, 2)], 3)).kind).toBe("baking");
    expect(judgeGuards(input({ maxErrorRatePercent: 5 }, [window(NEW, 20, 2)], 10)).kind).toBe("breach");
  });

  it("R16 judges p99 against an absolute limit, early only when clearly more than 1% of calls are slower", () => {
    const slow = window(NEW, 100, 0, 20, { count: 30, latencyMs: 2000 });
    expect(judgeGuards(input({ maxP99Ms: 500 }, [slow], 4))).toMatchObject({
      kind: "breach",
      guard: "maxP99Ms",
      reason: "The p99 latency guard broke: 2.0.0's p99 latency was 2450 ms across 100 calls in the first 4 s of the 10 s bake, above the 500 ms limit.",
    });
    const twoSlow = window(NEW, 100, 0, 20, { count: 2, latencyMs: 2000 });
    expect(judgeGuards(input({ maxP99Ms: 500 }, [twoSlow], 4)).kind).toBe("baking");
    expect(judgeGuards(input({ maxP99Ms: 500 }, [twoSlow], 10)).kind).toBe("breach");
  });

  it("R16 compares with the baseline: its 5xx rate times the factor plus a point, its p99 times the factor", () => {
    const base = window(OLD, 200, 4, 20);
    expect(judgeGuards(input({ maxErrorRateVsBaseline: 2 }, [base, window(NEW, 100, 4)])).kind).toBe("pass");
    const verdict = judgeGuards(input({ maxErrorRateVsBaseline: 2 }, [base, window(NEW, 100, 9)]));
    expect(verdict.kind === "breach" && verdict.reason).toBe(
      "The error-rate-against-baseline guard broke: 2.0.0 answered 5xx on 9% of 100 calls over the 10 s bake, above 5% (1.0.0 answered 5xx on 2% of 200 calls; the limit is 2 times that plus 1 point).",
    );
    const slower = judgeGuards(input({ maxP99VsBaseline: 3 }, [base, window(NEW, 100, 0, 200)]));
    expect(slower).toMatchObject({ kind: "breach", guard: "maxP99VsBaseline" });
    expect(slower.kind === "breach" && slower.reason).toContain("above 75 ms (1.0.0's p99 of 25 ms times 3)");
  });

  it("R16 falls back to the baseline since the rollout started when it had too few calls in this step", () => {
    const verdict = judgeGuards(
      input({ maxErrorRateVsBaseline: 1 }, [window(OLD, 2, 0), window(NEW, 50, 20)], 10, { baselineSinceStart: window(OLD, 300, 3) }),
    );
    expect(verdict.kind === "breach" && verdict.reason).toContain("1.0.0 answered 5xx on 1% of 300 calls");
    const unjudged = judgeGuards(input({ maxErrorRateVsBaseline: 1 }, [window(NEW, 50, 20)]));
    expect(unjudged.kind === "pass" && unjudged.verdict).toContain("not judged for want of baseline calls: 5xx rate against the baseline");
  });

  it("R16 judges each gaining version; one breach is enough", () => {
    const third = "00000000-0000-4000-8000-0000000000c3";
    const verdict = judgeGuards(
      input({ maxErrorRatePercent: 5 }, [window(NEW, 50, 0), window(third, 50, 40)], 10, {
        newVersionIds: [NEW, third],
        versions: [...versions, { versionId: third, version: "3.0.0" }],
      }),
    );
    expect(verdict).toMatchObject({ kind: "breach", versionId: third });
  });

  it("R16 Wilson bound and slow-call count behave at the edges", () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(0, 100)).toBe(0);
    expect(wilsonLowerBound(10, 10)).toBeGreaterThan(0.5);
    expect(wilsonLowerBound(50, 100)).toBeLessThan(0.5);
    const buckets = window(NEW, 10, 0, 20, { count: 3, latencyMs: 700 }).buckets;
    expect(callsSlowerThan(buckets, 500)).toBe(3);
    expect(callsSlowerThan(buckets, 501)).toBe(0);
  });
});
