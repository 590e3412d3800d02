// @ts-check
import { describe, expect, it } from "vitest";
import { analyze, words } from "./lexicon.mjs";

describe("lexicon sentiment", () => {
  it("labels positive, negative and neutral texts", () => {
    expect(analyze("The support team was great and very helpful", "1.0.0").label).toBe("positive");
    expect(analyze("Terrible app, it crashes all the time", "1.0.0").label).toBe("negative");
    expect(analyze("The package arrived on Tuesday", "1.0.0").label).toBe("neutral");
  });

  it("handles negation: 'not good' is negative, 'not bad' is positive", () => {
    expect(analyze("this is not good", "1.0.0").label).toBe("negative");
    expect(analyze("honestly not bad", "2.0.0").label).toBe("positive");
    expect(analyze("I don't like it", "2.0.0").label).toBe("negative");
  });

  it("scores one entry per word, and v2 applies intensifiers", () => {
    const v1 = analyze("Really good, thanks!", "1.0.0");
    const v2 = analyze("Really good, thanks!", "2.0.0");
    expect(v1.words.map((w) => w.word)).toEqual(words("Really good, thanks!"));
    expect(v2.score).toBeGreaterThan(v1.score);
  });
});
