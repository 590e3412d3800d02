import { describe, expect, it } from "vitest";
import { planInstances } from "./instance-plan.ts";
import { healthSummary, stateFromInstances } from "./service-health.ts";

describe("instance plan", () => {
  it("puts every node of a single-pool service in its pool", () => {
    const plan = planInstances([{ id: "c1", computeNodes: 3 }], ["p1"], false);
    expect(plan).toEqual([
      { configurationId: "c1", poolId: "p1", ordinal: 0 },
      { configurationId: "c1", poolId: "p1", ordinal: 1 },
      { configurationId: "c1", poolId: "p1", ordinal: 2 },
    ]);
  });

  it("R4 splits each configuration's instances evenly over the two pools", () => {
    const plan = planInstances([{ id: "c1", computeNodes: 4 }, { id: "c2", computeNodes: 2 }], ["east", "west"], true);
    const count = (config: string, pool: string) => plan.filter((i) => i.configurationId === config && i.poolId === pool).length;
    expect([count("c1", "east"), count("c1", "west"), count("c2", "east"), count("c2", "west")]).toEqual([2, 2, 1, 1]);
  });
});

describe("service state from instances", () => {
  it("is Running when all are healthy, Concerning when some, Abnormal when none", () => {
    expect(stateFromInstances(3, 3)).toBe("Running");
    expect(stateFromInstances(1, 3)).toBe("Concerning");
    expect(stateFromInstances(0, 3)).toBe("Abnormal");
    expect(healthSummary(1, 3)).toContain("1 of 3");
  });
});
