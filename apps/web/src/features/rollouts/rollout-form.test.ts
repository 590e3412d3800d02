import { ROLLOUT_MESSAGES, ROLLOUT_TARGET_MESSAGES } from "@rts/contracts";
import { describe, expect, it } from "vitest";
import { defaultRolloutValues, formPathOf, judgeRolloutForm, sumOfTargets, type RolloutFormValues } from "./rollout-form.ts";

const VERSIONS = ["v1", "v2"];
const routing = [
  { versionId: "v1", trafficRatio: 100 },
  { versionId: "v2", trafficRatio: 0 },
];

const SERVICE = { versions: [{ versionId: "v1", version: "1.0.0" }, { versionId: "v2", version: "2.0.0" }], routing };

function values(overrides: Partial<RolloutFormValues> = {}): RolloutFormValues {
  return { ...defaultRolloutValues(routing), ...overrides };
}

describe("R16 progressive rollout form", () => {
  it("aims all traffic at the version with the least of it now, in 10-point steps of 60 s", () => {
    const verdict = judgeRolloutForm(values(), SERVICE);
    expect(verdict).toEqual({
      ok: true,
      body: {
        targetRatios: [
          { versionId: "v1", trafficRatio: 0 },
          { versionId: "v2", trafficRatio: 100 },
        ],
        stepPercent: 10,
        bakeSeconds: 60,
        guards: { minCalls: 10 },
      },
      errors: {},
    });
  });

  it("sends only the guards that are filled in, and the chosen baseline", () => {
    const verdict = judgeRolloutForm(
      values({
        baselineVersionId: "v1",
        guards: { maxErrorRatePercent: "2.5", maxP99Ms: "800", maxErrorRateVsBaseline: "", maxP99VsBaseline: "1.5", minCalls: "" },
      }),
      SERVICE,
    );
    expect(verdict.ok && verdict.body.guards).toEqual({ maxErrorRatePercent: 2.5, maxP99Ms: 800, maxP99VsBaseline: 1.5, minCalls: 10 });
    expect(verdict.ok && verdict.body.baselineVersionId).toBe("v1");
  });

  it("says what is wrong with each field in the shared schema's words", () => {
    const verdict = judgeRolloutForm(
      values({
        stepPercent: "0",
        bakeSeconds: "",
        guards: { maxErrorRatePercent: "101", maxP99Ms: "1.5", maxErrorRateVsBaseline: "0.5", maxP99VsBaseline: "", minCalls: "-1" },
      }),
      SERVICE,
    );
    expect(verdict.errors).toEqual({
      stepPercent: ROLLOUT_MESSAGES.stepPercent,
      bakeSeconds: ROLLOUT_MESSAGES.bakeSeconds,
      "guards.maxErrorRatePercent": ROLLOUT_MESSAGES.errorRate,
      "guards.maxP99Ms": ROLLOUT_MESSAGES.p99,
      "guards.maxErrorRateVsBaseline": ROLLOUT_MESSAGES.factor,
      "guards.minCalls": ROLLOUT_MESSAGES.minCalls,
    });
  });

  it("refuses targets that do not add up to 100, or that are not whole percents", () => {
    expect(judgeRolloutForm(values({ targetRatios: { v1: "30", v2: "60" } }), SERVICE).errors).toEqual({
      targetRatios: ROLLOUT_TARGET_MESSAGES.sum(90),
    });
    expect(judgeRolloutForm(values({ targetRatios: { v1: "", v2: "100" } }), SERVICE).errors.targetRatios).toBeDefined();
    expect(judgeRolloutForm(values({ targetRatios: { v1: "0.5", v2: "99.5" } }), SERVICE).errors).toEqual({
      targetRatios: ROLLOUT_TARGET_MESSAGES.ratio,
    });
    expect(judgeRolloutForm(values({ targetRatios: { v1: "100", v2: "0" } }), SERVICE).errors).toEqual({
      targetRatios: ROLLOUT_TARGET_MESSAGES.unchanged,
    });
  });

  it("adds up the targets only when each is a whole number", () => {
    expect(sumOfTargets(values({ targetRatios: { v1: "30", v2: "60" } }), VERSIONS)).toBe(90);
    expect(sumOfTargets(values({ targetRatios: { v1: "x", v2: "60" } }), VERSIONS)).toBeNull();
  });

  it("shows the server's errors on a target under the list of targets", () => {
    expect(formPathOf("targetRatios.1.trafficRatio")).toBe("targetRatios");
    expect(formPathOf("guards.maxP99Ms")).toBe("guards.maxP99Ms");
  });
});
