import { describe, expect, it } from "vitest";
import { BurstSafeLocalStore } from "./rate-limit-store.ts";

describe("S18 rate-limit store", () => {
  it("S18 each caller keeps the count of its own increment, even when it reads it after later ones", () => {
    const store = new BurstSafeLocalStore({}).child({} as never);
    const seen: Array<{ current: number }> = [];
    for (let i = 0; i < 6; i++) store.incr("k", (_error, result) => seen.push(result!), 1000, 5);
    expect(seen.map((r) => r.current)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.filter((r) => r.current > 5)).toHaveLength(1);
  });
});
