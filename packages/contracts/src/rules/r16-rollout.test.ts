import { describe, expect, it } from "vitest";
import { ROLLOUT_MESSAGES, type TrafficSplit } from "../api-schemas.ts";
import { MODIFY_MESSAGES } from "../modify-request.ts";
import { ROLLOUT_TARGET_MESSAGES, describeSplit, nextRatios, rolloutPlan, rolloutRoles, validateStartRollout, type RolloutContext } from "./r16-rollout.ts";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";
const split = (...ratios: Array<[string, number]>): TrafficSplit => ratios.map(([versionId, trafficRatio]) => ({ versionId, trafficRatio }));
const ctx: RolloutContext = {
  versions: [
    { versionId: A, version: "1.0.0" },
    { versionId: B, version: "2.0.0" },
  ],
  routing: split([A, 100], [B, 0]),
};
const body = (overrides: Record<string, unknown> = {}) => ({ targetRatios: split([A, 0], [B, 100]), stepPercent: 10, bakeSeconds: 60, ...overrides });

describe("R16 rollout steps", () => {
  it("R16 moves each gaining version by the step and takes it from the losing one, whole points summing to 100", () => {
    expect(nextRatios(split([A, 100], [B, 0]), split([A, 0], [B, 100]), 10)).toEqual(split([A, 90], [B, 10]));
    expect(nextRatios(split([A, 90], [B, 10]), split([A, 30], [B, 70]), 25)).toEqual(split([A, 65], [B, 35]));
    expect(nextRatios(split([A, 40], [B, 60]), split([A, 30], [B, 70]), 25)).toEqual(split([A, 30], [B, 70]));
  });

  it("R16 plans every step to the target, the last one landing on it", () => {
    const plan = rolloutPlan(split([A, 100], [B, 0]), split([A, 0], [B, 100]), 30);
    expect(plan.map((s) => s[1]!.trafficRatio)).toEqual([30, 60, 90, 100]);
    expect(plan.at(-1)).toEqual(split([A, 0], [B, 100]));
  });

  it("R16 spreads the loss over several losing versions in proportion, keeping the sum at 100", () => {
    const start = split([A, 50], [B, 50], [C, 0]);
    const target = split([A, 0], [B, 0], [C, 100]);
    for (const step of rolloutPlan(start, target, 7)) {
      expect(step.reduce((sum, s) => sum + s.trafficRatio, 0)).toBe(100);
      expect(step.every((s) => Number.isInteger(s.trafficRatio) && s.trafficRatio >= 0)).toBe(true);
    }
    expect(nextRatios(start, target, 7)).toEqual(split([A, 46], [B, 47], [C, 7]));
  });

  it("R16 takes the version losing most traffic as the baseline unless one is named, and judges the gaining ones", () => {
    expect(rolloutRoles(split([A, 70], [B, 30], [C, 0]), split([A, 20], [B, 30], [C, 50]))).toEqual({ baselineVersionId: A, newVersionIds: [C] });
    expect(rolloutRoles(split([A, 70], [B, 30], [C, 0]), split([A, 20], [B, 30], [C, 50]), B).baselineVersionId).toBe(B);
  });

  it("R16 describes a split with version names", () => {
    expect(describeSplit(split([A, 90], [B, 10]), ctx.versions)).toBe("1.0.0 90% / 2.0.0 10%");
  });
});

describe("R16 start rollout validation", () => {
  it("R16 accepts a target naming every version once with whole percents adding up to 100", () => {
    const verdict = validateStartRollout(body(), ctx);
    expect(verdict.issues).toEqual([]);
    expect(verdict.ok && verdict.value.guards).toEqual({ minCalls: 10 });
  });

  it("R16 reports every problem at once, each at its field", () => {
    const verdict = validateStartRollout(
      {
        targetRatios: [
          { versionId: A, trafficRatio: 10.5 },
          { versionId: A, trafficRatio: 20 },
          { versionId: C, trafficRatio: 101 },
        ],
        stepPercent: 0,
        bakeSeconds: 4,
        guards: { maxErrorRatePercent: 150, minCalls: -1 },
        color: "blue",
      },
      ctx,
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.issues).toEqual(
      expect.arrayContaining([
        { rule: "R15", path: "color", message: expect.stringContaining("color") },
        { rule: "R16", path: "stepPercent", message: ROLLOUT_MESSAGES.stepPercent },
        { rule: "R16", path: "bakeSeconds", message: ROLLOUT_MESSAGES.bakeSeconds },
        { rule: "R16", path: "guards.maxErrorRatePercent", message: ROLLOUT_MESSAGES.errorRate },
        { rule: "R16", path: "guards.minCalls", message: ROLLOUT_MESSAGES.minCalls },
        { rule: "R16", path: "targetRatios.0.trafficRatio", message: ROLLOUT_TARGET_MESSAGES.ratio },
        { rule: "R16", path: "targetRatios.1.versionId", message: ROLLOUT_TARGET_MESSAGES.duplicate },
        { rule: "R16", path: "targetRatios.2.versionId", message: ROLLOUT_TARGET_MESSAGES.unknownVersion },
        { rule: "R16", path: "targetRatios.2.trafficRatio", message: ROLLOUT_TARGET_MESSAGES.ratio },
        { rule: "R16", path: "targetRatios", message: ROLLOUT_TARGET_MESSAGES.missing(["2.0.0"]) },
      ]),
    );
  });

  it("R16 refuses ratios that do not add up to 100 and says the sum", () => {
    const verdict = validateStartRollout(body({ targetRatios: split([A, 50], [B, 40]) }), ctx);
    expect(verdict.issues).toEqual([{ rule: "R16", path: "targetRatios", message: ROLLOUT_TARGET_MESSAGES.sum(90) }]);
  });

  it("R16 refuses a target equal to the current split", () => {
    const verdict = validateStartRollout(body({ targetRatios: split([B, 0], [A, 100]) }), ctx);
    expect(verdict.issues).toEqual([{ rule: "R16", path: "targetRatios", message: ROLLOUT_TARGET_MESSAGES.unchanged }]);
  });

  it("R16 refuses a baseline that is not a version of the service, or that gains traffic", () => {
    expect(validateStartRollout(body({ baselineVersionId: C }), ctx).issues).toEqual([
      { rule: "R16", path: "baselineVersionId", message: ROLLOUT_TARGET_MESSAGES.baselineUnknown },
    ]);
    expect(validateStartRollout(body({ baselineVersionId: B }), ctx).issues).toEqual([
      { rule: "R16", path: "baselineVersionId", message: ROLLOUT_TARGET_MESSAGES.baselineGains("2.0.0") },
    ]);
  });

  it("R16 refuses a revision that is not a revision number, and a body that is not an object", () => {
    expect(validateStartRollout(body({ revision: "3" }), ctx).issues).toEqual([{ rule: "R16", path: "revision", message: MODIFY_MESSAGES.revision }]);
    expect(validateStartRollout([], ctx).issues).toEqual([{ rule: "R15", path: "", message: ROLLOUT_TARGET_MESSAGES.notAnObject }]);
  });
});
