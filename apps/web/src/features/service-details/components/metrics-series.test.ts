import { describe, expect, it } from "vitest";
import { metricsFixture, singleCallTraffic } from "../../../testing/msw/metrics-fixtures.ts";
import { chartRows, chartVersions, errorRate, versionName } from "./metrics-series.ts";

describe("monitoring chart data", () => {
  it("has a row for every bucket of the window, so one busy minute never fills the chart", () => {
    const metrics = metricsFixture("1h", singleCallTraffic(), Date.parse("2026-11-28T10:07:42Z"));
    const rows = chartRows(metrics);
    expect(rows).toHaveLength(60);
    expect(rows[0]!.at).toBe("2026-11-28T09:08:00.000Z");
    expect(rows.filter((row) => row["v0Calls"] !== 0)).toEqual([expect.objectContaining({ at: "2026-11-28T10:04:00.000Z", v0Calls: 1, v0P95: 25 })]);
    // Quiet buckets are no traffic: zero calls, and no latency rather than a made-up one.
    expect(rows[10]).toMatchObject({ v0Calls: 0, v0Errors: 0, v0P95: null, v1Calls: 0, v1P95: null });
  });

  it("names versions as the Traffic panel does, with keys recharts reads as plain fields", () => {
    const [stable, canary] = singleCallTraffic();
    const metrics = metricsFixture("15m", [stable!, { ...canary!, trafficRatio: null }]);
    expect(chartVersions(metrics).map(({ key, name }) => ({ key, name }))).toEqual([
      { key: "v0", name: "digits 1.0.0" },
      { key: "v1", name: "digits 2.0.0 (no longer serving)" },
    ]);
    expect(versionName({ versionId: "0a1b2c3d-0000", application: null, version: null })).toBe("Deleted version 0a1b2c3d");
    expect(errorRate(0, 0)).toBe("—");
    expect(errorRate(48, 4)).toBe("8.3%");
  });
});
