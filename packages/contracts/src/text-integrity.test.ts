import { describe, expect, it } from "vitest";
import { TEXT_INTEGRITY_MESSAGES, findUnsafeText, textIntegrityMessage } from "./text-integrity.ts";

describe("R15 text integrity", () => {
  it("R15 accepts ordinary and astral text, refuses NUL and unpaired surrogates of either half", () => {
    for (const ok of ["", "plain", "日本語", "emoji 😀 pair", "\uD83D\uDE00"]) expect(textIntegrityMessage(ok)).toBeNull();
    expect(textIntegrityMessage("a\u0000b")).toBe(TEXT_INTEGRITY_MESSAGES.nul);
    for (const bad of ["\uD800", "x\uD800y", "\uDC00", "\uDE00\uD83D", "end\uDBFF"]) {
      expect(textIntegrityMessage(bad)).toBe(TEXT_INTEGRITY_MESSAGES.loneSurrogate);
    }
  });

  it("R15 names every bad string and key by its dotted path, in document order", () => {
    const body = {
      name: "ok",
      description: "x\u0000",
      configurations: [{ envVars: [{ key: "A", value: "\uD800" }] }],
      ["bad\u0000key"]: 1,
    };
    expect(findUnsafeText(body)).toEqual([
      { rule: "R15", path: "description", message: TEXT_INTEGRITY_MESSAGES.nul },
      { rule: "R15", path: "configurations.0.envVars.0.value", message: TEXT_INTEGRITY_MESSAGES.loneSurrogate },
      { rule: "R15", path: "bad\\u0000key", message: TEXT_INTEGRITY_MESSAGES.nul },
    ]);
    expect(findUnsafeText({ q: "\u0000" })).toEqual([{ rule: "R15", path: "q", message: TEXT_INTEGRITY_MESSAGES.nul }]);
  });

  it("R15 walks a very deep document without overflowing and ignores what is not JSON", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(findUnsafeText(deep)).toHaveLength(1);
    expect(findUnsafeText(Buffer.from([0, 0, 0]))).toEqual([]);
    expect(findUnsafeText(undefined)).toEqual([]);
    expect(findUnsafeText(42)).toEqual([]);
  });
});
