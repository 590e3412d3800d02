import { describe, expect, it } from "vitest";
import { formatMeteredCost } from "./format.ts";

describe("formatMeteredCost", () => {
  it("R13 shows the exact sum rounded to the cent", () => {
    expect(formatMeteredCost({ cents: 75, microCents: 74_889_713 })).toBe("$0.75");
    expect(formatMeteredCost({ cents: 12_345, microCents: 12_345_000_000 })).toBe("$123.45");
  });

  it("R13 shows a cost under half a cent as < $0.01, and only no usage as $0.00", () => {
    expect(formatMeteredCost({ cents: 0, microCents: 200_000 })).toBe("< $0.01");
    expect(formatMeteredCost({ cents: 0, microCents: 1 })).toBe("< $0.01");
    expect(formatMeteredCost({ cents: 0, microCents: 0 })).toBe("$0.00");
  });
});
