import { describe, expect, it } from "vitest";
import { comparePaths, normalizeIssues } from "./rule-issue.ts";

describe("issue ordering", () => {
  it("R15 sorts paths with numeric indexes and rules by number, and drops duplicates", () => {
    expect(["configurations.10", "configurations.2", "", "configurations"].sort(comparePaths)).toEqual([
      "", "configurations", "configurations.2", "configurations.10",
    ]);
    expect(
      normalizeIssues([
        { rule: "R12", path: "configurations", message: "q" },
        { rule: "R2", path: "name", message: "n" },
        { rule: "R10", path: "websocket", message: "w" },
        { rule: "R2", path: "name", message: "n" },
      ]),
    ).toEqual([
      { rule: "R2", path: "name", message: "n" },
      { rule: "R10", path: "websocket", message: "w" },
      { rule: "R12", path: "configurations", message: "q" },
    ]);
  });
});
