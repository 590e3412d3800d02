import { describe, expect, it } from "vitest";
import { canRolloutAction, isRolloutActive, rolloutActionRefusal } from "./rollout-states.ts";

describe("R16 progressive rollout controls", () => {
  it("pauses only a running rollout and resumes only a paused one", () => {
    expect(canRolloutAction("pause", "Running")).toBe(true);
    expect(canRolloutAction("pause", "Paused")).toBe(false);
    expect(canRolloutAction("resume", "Paused")).toBe(true);
    expect(canRolloutAction("resume", "Running")).toBe(false);
  });

  it("promotes or aborts only while it holds traffic, and says why not afterwards", () => {
    for (const state of ["Running", "Paused"] as const) {
      expect(canRolloutAction("promote", state)).toBe(true);
      expect(canRolloutAction("abort", state)).toBe(true);
      expect(isRolloutActive(state)).toBe(true);
    }
    for (const state of ["Completed", "RolledBack", "Aborted"] as const) {
      expect(isRolloutActive(state)).toBe(false);
      expect(rolloutActionRefusal("abort", state)).toBe(`Abort is possible only while the rollout is Running or Paused; it is ${state}.`);
    }
    expect(rolloutActionRefusal("pause", "Running")).toBeNull();
  });
});
