import { describe, expect, it } from "vitest";
import { bakeSecondsLeft, ratioOf, totalSteps } from "./rollout-progress.ts";

describe("R16 progressive rollout progress", () => {
  it("counts the steps by the version that gains most", () => {
    const start = [
      { versionId: "a", trafficRatio: 100 },
      { versionId: "b", trafficRatio: 0 },
    ];
    const target = [
      { versionId: "a", trafficRatio: 0 },
      { versionId: "b", trafficRatio: 100 },
    ];
    expect(totalSteps({ startRatios: start, targetRatios: target, stepPercent: 50 })).toBe(2);
    expect(totalSteps({ startRatios: start, targetRatios: target, stepPercent: 30 })).toBe(4);
    expect(totalSteps({ startRatios: start, targetRatios: start, stepPercent: 10 })).toBe(1);
    // Two versions gain 10 points a step each while the third gives up 20.
    const three = [
      { versionId: "a", trafficRatio: 100 },
      { versionId: "b", trafficRatio: 0 },
      { versionId: "c", trafficRatio: 0 },
    ];
    const spread = [
      { versionId: "a", trafficRatio: 0 },
      { versionId: "b", trafficRatio: 50 },
      { versionId: "c", trafficRatio: 50 },
    ];
    expect(totalSteps({ startRatios: three, targetRatios: spread, stepPercent: 10 })).toBe(5);
  });

  it("says how many seconds of the bake are left, never below 0 nor above the bake", () => {
    const stepStartedAt = "2025-05-01T10:00:00.000Z";
    const t0 = Date.parse(stepStartedAt);
    expect(bakeSecondsLeft({ stepStartedAt, bakeSeconds: 60 }, t0 + 20_500)).toBe(40);
    expect(bakeSecondsLeft({ stepStartedAt, bakeSeconds: 60 }, t0 + 90_000)).toBe(0);
    expect(bakeSecondsLeft({ stepStartedAt, bakeSeconds: 60 }, t0 - 5_000)).toBe(60);
  });

  it("reads one version's ratio from a split", () => {
    expect(ratioOf([{ versionId: "a", trafficRatio: 30 }], "a")).toBe(30);
    expect(ratioOf([], "a")).toBeNull();
  });
});
