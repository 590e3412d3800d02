// What GET /services/:id/metrics answers: one window (METRICS_RANGES) cut into equal buckets, every
// bucket present whether or not it had calls, so a chart's axis is always the whole window. The
// service-wide figures come from `service_metric_minutes`; the split by version, which a gray
// launch is judged by, from `version_metric_seconds` (kept as long as the longest window).
import {
  bucketIndexAt,
  bucketStarts,
  metricsWindow,
  type MetricsBucket,
  type MetricsPoint,
  type MetricsRange,
  type MetricsWindow,
  type ServiceMetrics,
  type VersionMetrics,
} from "@rts/contracts";
import type { PrismaClient } from "@rts/db";
import { BUCKET_COUNT, LATENCY_BUCKETS_MS, addBuckets, estimatePercentile } from "./metrics.ts";

interface Tally {
  calls: number;
  errors: number;
  buckets: number[];
}

const emptyTally = (): Tally => ({ calls: 0, errors: 0, buckets: new Array<number>(BUCKET_COUNT).fill(0) });

function addTo(into: Tally, calls: number, errors: number, buckets: readonly number[]): void {
  into.calls += calls;
  into.errors += errors;
  addBuckets(into.buckets, buckets);
}

function point({ calls, errors, buckets }: Tally): MetricsPoint {
  return {
    calls,
    errors,
    p50Ms: estimatePercentile(buckets, 0.5),
    p95Ms: estimatePercentile(buckets, 0.95),
    p99Ms: estimatePercentile(buckets, 0.99),
  };
}

function seriesOf(window: MetricsWindow, tallies: Tally[]): MetricsBucket[] {
  return bucketStarts(window).map((start, i) => ({ at: start.toISOString(), ...point(tallies[i]!) }));
}

const tallies = (window: MetricsWindow): Tally[] => Array.from({ length: window.bucketCount }, emptyTally);

interface VersionSlotRow {
  versionId: string;
  slot: number;
  calls: number;
  errors: number;
  buckets: number[];
}

/** Each version's calls in the window, summed per bucket (slot = bucket index) in the database. */
function readVersionSlots(prisma: PrismaClient, serviceId: string, window: MetricsWindow): Promise<VersionSlotRow[]> {
  return prisma.$queryRaw<VersionSlotRow[]>`
    WITH w AS (
      SELECT m."versionId",
             floor((extract(epoch FROM m.second) * 1000 - ${window.from.getTime()}::float8) / ${window.stepMs}::float8)::int AS slot,
             m.calls, m.errors, m."latencyBuckets"
        FROM version_metric_seconds m
       WHERE m."serviceId" = ${serviceId}::uuid
         AND m.second >= ${window.from.toISOString()}::timestamptz AT TIME ZONE 'UTC'
         AND m.second < ${window.until.toISOString()}::timestamptz AT TIME ZONE 'UTC'
    ), e AS (
      SELECT w."versionId", w.slot, sum(w.calls)::int AS calls, sum(w.errors)::int AS errors
        FROM w GROUP BY w."versionId", w.slot
    ), b AS (
      SELECT w."versionId", w.slot, u.i, sum(u.n)::int AS n
        FROM w, unnest(w."latencyBuckets") WITH ORDINALITY AS u(n, i)
       GROUP BY w."versionId", w.slot, u.i
    ), h AS (
      SELECT b."versionId", b.slot, array_agg(b.n ORDER BY b.i) AS buckets FROM b GROUP BY b."versionId", b.slot
    )
    SELECT e."versionId", e.slot, e.calls, e.errors, coalesce(h.buckets, '{}'::int[]) AS buckets
      FROM e LEFT JOIN h ON h."versionId" = e."versionId" AND h.slot = e.slot`;
}

interface VersionLabel {
  application: string | null;
  version: string | null;
  trafficRatio: number | null;
}

/** Versions the service runs now, in configuration order, then those that only answered in the window. */
async function labelVersions(prisma: PrismaClient, serviceId: string, answered: Iterable<string>): Promise<Map<string, VersionLabel>> {
  const configured = await prisma.versionConfiguration.findMany({
    where: { serviceId },
    orderBy: { position: "asc" },
    select: { versionId: true, trafficRatio: true, version: { select: { version: true, application: { select: { name: true } } } } },
  });
  const labels = new Map<string, VersionLabel>(
    configured.map((c) => [c.versionId, { application: c.version.application.name, version: c.version.version, trafficRatio: c.trafficRatio }]),
  );
  const former = [...answered].filter((id) => !labels.has(id));
  if (former.length === 0) return labels;
  const known = await prisma.aiApplicationVersion.findMany({
    where: { id: { in: former } },
    select: { id: true, version: true, application: { select: { name: true } } },
  });
  const byId = new Map(known.map((v) => [v.id, v]));
  for (const id of former.sort()) {
    const found = byId.get(id);
    labels.set(id, { application: found?.application.name ?? null, version: found?.version ?? null, trafficRatio: null });
  }
  return labels;
}

export async function readServiceMetrics(prisma: PrismaClient, serviceId: string, range: MetricsRange, now = Date.now()): Promise<ServiceMetrics> {
  const window = metricsWindow(range, now);
  const [minutes, versionSlots] = await Promise.all([
    prisma.serviceMetricMinute.findMany({ where: { serviceId, minute: { gte: window.from, lt: window.until } } }),
    readVersionSlots(prisma, serviceId, window),
  ]);

  const serviceBuckets = tallies(window);
  const total = emptyTally();
  let latencySumMs = 0;
  for (const row of minutes) {
    const slot = bucketIndexAt(window, row.minute.getTime());
    if (slot === null) continue;
    addTo(serviceBuckets[slot]!, row.calls, row.errors, row.latencyBuckets);
    addTo(total, row.calls, row.errors, row.latencyBuckets);
    latencySumMs += row.latencySumMs;
  }

  const perVersion = new Map<string, { total: Tally; buckets: Tally[] }>();
  for (const row of versionSlots) {
    let entry = perVersion.get(row.versionId);
    if (!entry) perVersion.set(row.versionId, (entry = { total: emptyTally(), buckets: tallies(window) }));
    const bucket = entry.buckets[row.slot];
    if (!bucket) continue;
    addTo(bucket, row.calls, row.errors, row.buckets);
    addTo(entry.total, row.calls, row.errors, row.buckets);
  }

  const labels = await labelVersions(prisma, serviceId, perVersion.keys());
  const versions: VersionMetrics[] = [...labels].map(([versionId, label]) => {
    const measured = perVersion.get(versionId) ?? { total: emptyTally(), buckets: tallies(window) };
    return { versionId, ...label, totals: point(measured.total), series: seriesOf(window, measured.buckets) };
  });

  return {
    range,
    from: window.from.toISOString(),
    until: window.until.toISOString(),
    stepMinutes: window.stepMs / 60_000,
    bucketBoundsMs: [...LATENCY_BUCKETS_MS],
    totals: { ...point(total), avgMs: total.calls ? Math.round((latencySumMs / total.calls) * 100) / 100 : null },
    series: seriesOf(window, serviceBuckets),
    versions,
  };
}
