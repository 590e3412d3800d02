import { describe, expect, it } from "vitest";
import { countNoun, withIndefiniteArticle } from "./wording.ts";

describe("wording", () => {
  it("says one thing in the singular and any other count in the plural", () => {
    expect(countNoun(1, "instance")).toBe("1 instance");
    expect(countNoun(0, "instance")).toBe("0 instances");
    expect(countNoun(3, "instance")).toBe("3 instances");
    expect(countNoun(1, "call")).toBe("1 call");
    expect(countNoun(2, "policy", "policies")).toBe("2 policies");
  });

  it("puts an before a vowel sound and a before a consonant sound", () => {
    expect(withIndefiniteArticle("old-version pool")).toBe("an old-version pool");
    expect(withIndefiniteArticle("new-version pool")).toBe("a new-version pool");
    expect(withIndefiniteArticle("unit")).toBe("a unit");
    expect(withIndefiniteArticle("hour")).toBe("an hour");
    expect(withIndefiniteArticle("Idle pool")).toBe("an Idle pool");
  });
});
