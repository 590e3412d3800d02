import { describe, expect, it } from "vitest";
import { autoStopText, formatRemaining } from "../auto-stop-countdown.tsx";

describe("auto stop countdown", () => {
  it("R17 writes the time left in hours and minutes, rounding minutes up", () => {
    expect(formatRemaining((3 * 60 + 12) * 60_000)).toBe("3 h 12 min");
    expect(formatRemaining((3 * 60 + 11) * 60_000 + 1)).toBe("3 h 12 min");
    expect(formatRemaining(2 * 3_600_000)).toBe("2 h");
    expect(formatRemaining(12 * 60_000)).toBe("12 min");
    expect(formatRemaining(30_000)).toBe("less than a minute");
    expect(formatRemaining(0)).toBe("now");
  });

  it("R17 says the stop is due once the time has passed", () => {
    const now = Date.parse("2025-05-01T10:00:00.000Z");
    expect(autoStopText("2025-05-01T11:30:00.000Z", now)).toBe("Stops in 1 h 30 min");
    expect(autoStopText("2025-05-01T09:59:00.000Z", now)).toBe("Auto stop due now");
    expect(autoStopText("not a date", now)).toBe("");
  });
});
