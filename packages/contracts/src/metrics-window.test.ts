import { describe, expect, it } from "vitest";
import {
  METRICS_QUERY_MESSAGES,
  METRICS_RANGES,
  METRICS_RANGE_VALUES,
  ServiceMetricsQuerySchema,
  VERSION_METRICS_KEPT_HOURS,
  bucketIndexAt,
  bucketStarts,
  metricsWindow,
} from "./metrics-window.ts";

const NOW = Date.parse("2026-11-28T10:07:42.500Z");

describe("metrics windows", () => {
  it("cover the whole range, ending with the bucket that holds now", () => {
    const hour = metricsWindow("1h", NOW);
    expect(hour.until.toISOString()).toBe("2026-11-28T10:08:00.000Z");
    expect(hour.from.toISOString()).toBe("2026-11-28T09:08:00.000Z");
    expect(hour.bucketCount).toBe(60);

    const sixHours = metricsWindow("6h", NOW);
    expect(sixHours.until.toISOString()).toBe("2026-11-28T10:10:00.000Z");
    expect(sixHours.from.toISOString()).toBe("2026-11-28T04:10:00.000Z");
    expect(sixHours.bucketCount).toBe(72);

    for (const range of METRICS_RANGE_VALUES) {
      const window = metricsWindow(range, NOW);
      expect(window.until.getTime() - window.from.getTime()).toBe(METRICS_RANGES[range].minutes * 60_000);
      expect(bucketStarts(window)).toHaveLength(window.bucketCount);
      expect(bucketIndexAt(window, NOW)).toBe(window.bucketCount - 1);
    }
  });

  it("never reach further back than per-version figures are kept", () => {
    for (const range of METRICS_RANGE_VALUES) {
      expect(metricsWindow(range, NOW).from.getTime()).toBeGreaterThan(NOW - VERSION_METRICS_KEPT_HOURS * 3_600_000);
    }
  });

  it("put a moment in the bucket that starts at or before it, and nothing outside the window", () => {
    const window = metricsWindow("6h", NOW);
    expect(bucketIndexAt(window, window.from.getTime())).toBe(0);
    expect(bucketIndexAt(window, window.from.getTime() + 5 * 60_000 - 1)).toBe(0);
    expect(bucketIndexAt(window, window.from.getTime() + 5 * 60_000)).toBe(1);
    expect(bucketIndexAt(window, window.from.getTime() - 1)).toBeNull();
    expect(bucketIndexAt(window, window.until.getTime())).toBeNull();
  });

  it("R15 accept only the offered ranges, with one message naming them", () => {
    expect(ServiceMetricsQuerySchema.parse({})).toEqual({ range: "1h" });
    expect(ServiceMetricsQuerySchema.parse({ range: "24h" })).toEqual({ range: "24h" });
    for (const range of ["2h", "7d", "", "1H", ["1h", "6h"]]) {
      const result = ServiceMetricsQuerySchema.safeParse({ range });
      expect(result.success, String(range)).toBe(false);
      expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["range"], message: METRICS_QUERY_MESSAGES.range })]);
    }
  });
});
