// What GET /services/:id/metrics answers in the stories: the window of the asked range cut by the
// shared metricsWindow(), every bucket present (empty ones as no calls), totals summed from the
// buckets, split by version like the API. Traffic is deterministic, so play functions can check
// the figures.
import {
  bucketStarts,
  metricsWindow,
  type MetricsPoint,
  type MetricsRange,
  type ServiceMetrics,
  type VersionMetrics,
} from "@rts/contracts";
import { versions } from "./fixtures.ts";

const BUCKET_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000];

export interface FixtureVersionTraffic {
  versionId: string;
  application: string | null;
  version: string | null;
  trafficRatio: number | null;
  /** Calls, errors and p95 (ms) in the bucket `fromEnd` buckets before the last (0 = the one holding now). */
  calls: (fromEnd: number) => { calls: number; errors: number; p95Ms: number | null };
}

function point(calls: number, errors: number, p95Ms: number | null): MetricsPoint {
  if (calls === 0) return { calls: 0, errors: 0, p50Ms: null, p95Ms: null, p99Ms: null };
  return { calls, errors, p50Ms: p95Ms === null ? null : Math.round(p95Ms * 0.6), p95Ms, p99Ms: p95Ms === null ? null : Math.round(p95Ms * 1.3) };
}

/** The weighted mean of the buckets' p95s stands in for the real percentile of the whole window. */
function total(points: MetricsPoint[]): MetricsPoint {
  const calls = points.reduce((n, p) => n + p.calls, 0);
  const errors = points.reduce((n, p) => n + p.errors, 0);
  const weighted = points.reduce((n, p) => n + (p.p95Ms ?? 0) * p.calls, 0);
  return point(calls, errors, calls ? Math.round(weighted / calls) : null);
}

export function metricsFixture(range: MetricsRange, traffic: FixtureVersionTraffic[], now = Date.now()): ServiceMetrics {
  const window = metricsWindow(range, now);
  const starts = bucketStarts(window);
  const perVersion: VersionMetrics[] = traffic.map((v) => {
    const series = starts.map((start, i) => {
      const { calls, errors, p95Ms } = v.calls(starts.length - 1 - i);
      return { at: start.toISOString(), ...point(calls, errors, p95Ms) };
    });
    return { versionId: v.versionId, application: v.application, version: v.version, trafficRatio: v.trafficRatio, totals: total(series), series };
  });
  const series = starts.map((start, i) => ({ at: start.toISOString(), ...total(perVersion.map((v) => v.series[i]!)) }));
  const totals = total(series);
  return {
    range,
    from: window.from.toISOString(),
    until: window.until.toISOString(),
    stepMinutes: window.stepMs / 60_000,
    bucketBoundsMs: BUCKET_BOUNDS_MS,
    totals: { ...totals, avgMs: totals.p50Ms },
    series,
    versions: perVersion,
  };
}

const quiet = () => ({ calls: 0, errors: 0, p95Ms: null });

/** digits 1.0.0 at 70 % and the 2.0.0 canary at 30 %: steady calls for the last 8 buckets, the canary slower and failing some. */
export function grayLaunchTraffic(): FixtureVersionTraffic[] {
  return [
    {
      versionId: versions.digitsV1.id,
      application: versions.digitsV1.applicationName,
      version: versions.digitsV1.version,
      trafficRatio: 70,
      calls: (fromEnd) => (fromEnd < 8 ? { calls: 14, errors: 0, p95Ms: 40 } : quiet()),
    },
    {
      versionId: versions.digitsV2.id,
      application: versions.digitsV2.applicationName,
      version: versions.digitsV2.version,
      trafficRatio: 30,
      calls: (fromEnd) => (fromEnd < 8 ? { calls: 6, errors: fromEnd % 2 === 0 ? 1 : 0, p95Ms: 180 } : quiet()),
    },
  ];
}

/** One call a few minutes ago on 1.0.0, nothing else: the chart must still span the whole window. */
export function singleCallTraffic(): FixtureVersionTraffic[] {
  const [stable, canary] = grayLaunchTraffic();
  return [
    { ...stable!, calls: (fromEnd) => (fromEnd === 3 ? { calls: 1, errors: 0, p95Ms: 25 } : quiet()) },
    { ...canary!, calls: quiet },
  ];
}

/** No calls at all in the window, both versions serving. */
export function quietTraffic(): FixtureVersionTraffic[] {
  return grayLaunchTraffic().map((v) => ({ ...v, calls: quiet }));
}
