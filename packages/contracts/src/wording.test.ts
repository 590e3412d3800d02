import { describe, expect, it } from "vitest";
import { countNoun, formatByteSize, withIndefiniteArticle } from "./wording.ts";

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

  it("says sizes in binary units, whole ones exactly, as the API, the worker and the console all do", () => {
    expect(formatByteSize(1)).toBe("1 byte");
    expect(formatByteSize(900)).toBe("900 bytes");
    expect(formatByteSize(524_288)).toBe("512 KiB");
    expect(formatByteSize(1_258_291)).toBe("1.2 MiB");
    expect(formatByteSize(512 * 1024 ** 2)).toBe("512 MiB");
    expect(formatByteSize(2 * 1024 ** 3)).toBe("2 GiB");
  });
});
