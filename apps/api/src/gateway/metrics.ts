// Inference metrics. Every call the gateway forwards to a model instance counts as a call; it is an
// error when the answer is 5xx or the instance could not be reached (a 4xx from the model is the
// caller's mistake: a call, not an error). Gateway refusals (401/404/429/503 before forwarding) are
// not calls of the service. Calls are aggregated in memory per service per minute (a latency
// histogram with the fixed bounds below) and added to `service_metric_minutes` every few seconds,
// so percentiles can be read over any window. The same flush adds per service, version and second
// to `version_metric_seconds`, which rollout guards judge a version by and the console splits its
// charts by. Prometheus text comes from a per-app registry.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { VERSION_METRICS_KEPT_HOURS } from "@rts/contracts";
import type { PrismaClient } from "@rts/db";

/** How often the gateway writes what it measured; readers of fresh rows allow for this lag. */
export const METRICS_FLUSH_INTERVAL_MS = 2_000;

/** Upper bounds (ms) of the latency buckets; one more bucket counts everything slower. */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000] as const;
export const BUCKET_COUNT = LATENCY_BUCKETS_MS.length + 1;

export function bucketIndex(latencyMs: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) if (latencyMs <= LATENCY_BUCKETS_MS[i]!) return i;
  return LATENCY_BUCKETS_MS.length;
}

/**
 * Estimates the q-quantile (0..1) from bucket counts, interpolating linearly inside the bucket that
 * holds it (as Prometheus' histogram_quantile does). The open last bucket answers its lower bound.
 */
export function estimatePercentile(buckets: readonly number[], q: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let cumulative = 0;
  for (let i = 0; i < buckets.length; i++) {
    const count = buckets[i] ?? 0;
    if (count > 0 && cumulative + count >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]!;
      const upper = LATENCY_BUCKETS_MS[i];
      if (upper === undefined) return lower;
      return Math.round((lower + (upper - lower) * Math.max(0, rank - cumulative) / count) * 100) / 100;
    }
    cumulative += count;
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]!;
}

export function addBuckets(into: number[], from: readonly number[]): number[] {
  for (let i = 0; i < BUCKET_COUNT; i++) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
  return into;
}

interface MinuteCell {
  serviceId: string;
  minute: Date;
  calls: number;
  errors: number;
  latencySumMs: number;
  buckets: number[];
}

export function minuteOf(at: number): Date {
  return new Date(Math.floor(at / 60_000) * 60_000);
}

/** Calls since the last flush, per service and minute. */
export class MinuteAggregator {
  private cells = new Map<string, MinuteCell>();

  record(serviceId: string, latencyMs: number, error: boolean, at = Date.now()): void {
    const minute = minuteOf(at);
    const key = `${serviceId}|${minute.getTime()}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { serviceId, minute, calls: 0, errors: 0, latencySumMs: 0, buckets: new Array<number>(BUCKET_COUNT).fill(0) };
      this.cells.set(key, cell);
    }
    cell.calls += 1;
    if (error) cell.errors += 1;
    cell.latencySumMs += latencyMs;
    cell.buckets[bucketIndex(latencyMs)]! += 1;
  }

  /** Takes what was recorded so far; a failed write can hand it back with `restore`. */
  drain(): MinuteCell[] {
    const cells = [...this.cells.values()];
    this.cells = new Map();
    return cells;
  }

  restore(cells: MinuteCell[]): void {
    for (const cell of cells) {
      const key = `${cell.serviceId}|${cell.minute.getTime()}`;
      const current = this.cells.get(key);
      if (!current) this.cells.set(key, cell);
      else {
        current.calls += cell.calls;
        current.errors += cell.errors;
        current.latencySumMs += cell.latencySumMs;
        addBuckets(current.buckets, cell.buckets);
      }
    }
  }

  get size(): number {
    return this.cells.size;
  }
}

/** Adds the cells to `service_metric_minutes` (rows of deleted services are skipped). */
export async function writeMinuteCells(prisma: PrismaClient, cells: MinuteCell[]): Promise<void> {
  for (const cell of cells) {
    await prisma.$executeRaw`
      INSERT INTO service_metric_minutes ("serviceId", minute, calls, errors, "latencySumMs", "latencyBuckets")
      SELECT s.id, ${cell.minute.toISOString()}::timestamptz AT TIME ZONE 'UTC', ${cell.calls}, ${cell.errors},
             ${cell.latencySumMs}::float8, ${cell.buckets}::int[]
        FROM services s WHERE s.id = ${cell.serviceId}::uuid
      ON CONFLICT ("serviceId", minute) DO UPDATE SET
        calls = service_metric_minutes.calls + EXCLUDED.calls,
        errors = service_metric_minutes.errors + EXCLUDED.errors,
        "latencySumMs" = service_metric_minutes."latencySumMs" + EXCLUDED."latencySumMs",
        "latencyBuckets" = ARRAY(
          SELECT coalesce(t.o, 0) + coalesce(t.n, 0)
            FROM unnest(service_metric_minutes."latencyBuckets", EXCLUDED."latencyBuckets") WITH ORDINALITY AS t(o, n, i)
           ORDER BY t.i)`;
  }
}

interface VersionSecondCell {
  serviceId: string;
  versionId: string;
  second: Date;
  calls: number;
  errors: number;
  buckets: number[];
}

export function secondOf(at: number): Date {
  return new Date(Math.floor(at / 1000) * 1000);
}

/** Calls since the last flush, per service, answering version and second (what rollout guards read). */
export class VersionSecondAggregator {
  private cells = new Map<string, VersionSecondCell>();

  record(serviceId: string, versionId: string, latencyMs: number, error: boolean, at = Date.now()): void {
    const second = secondOf(at);
    const key = `${serviceId}|${versionId}|${second.getTime()}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { serviceId, versionId, second, calls: 0, errors: 0, buckets: new Array<number>(BUCKET_COUNT).fill(0) };
      this.cells.set(key, cell);
    }
    cell.calls += 1;
    if (error) cell.errors += 1;
    cell.buckets[bucketIndex(latencyMs)]! += 1;
  }

  drain(): VersionSecondCell[] {
    const cells = [...this.cells.values()];
    this.cells = new Map();
    return cells;
  }

  restore(cells: VersionSecondCell[]): void {
    for (const cell of cells) {
      const key = `${cell.serviceId}|${cell.versionId}|${cell.second.getTime()}`;
      const current = this.cells.get(key);
      if (!current) this.cells.set(key, cell);
      else {
        current.calls += cell.calls;
        current.errors += cell.errors;
        addBuckets(current.buckets, cell.buckets);
      }
    }
  }

  get size(): number {
    return this.cells.size;
  }
}

/** Adds the cells to `version_metric_seconds` in one statement (a flush holds a few seconds of them). */
export async function writeVersionSecondCells(prisma: PrismaClient, cells: VersionSecondCell[]): Promise<void> {
  if (cells.length === 0) return;
  const rows = JSON.stringify(
    cells.map((c) => ({ serviceId: c.serviceId, versionId: c.versionId, second: c.second.toISOString(), calls: c.calls, errors: c.errors, buckets: c.buckets })),
  );
  await prisma.$executeRaw`
    INSERT INTO version_metric_seconds ("serviceId", "versionId", second, calls, errors, "latencyBuckets")
    SELECT c."serviceId", c."versionId", c.second AT TIME ZONE 'UTC', c.calls, c.errors, c.buckets
      FROM jsonb_to_recordset(${rows}::jsonb) AS c("serviceId" uuid, "versionId" uuid, second timestamptz, calls int, errors int, buckets int[])
    ON CONFLICT ("serviceId", "versionId", second) DO UPDATE SET
      calls = version_metric_seconds.calls + EXCLUDED.calls,
      errors = version_metric_seconds.errors + EXCLUDED.errors,
      "latencyBuckets" = ARRAY(
        SELECT coalesce(t.o, 0) + coalesce(t.n, 0)
          FROM unnest(version_metric_seconds."latencyBuckets", EXCLUDED."latencyBuckets") WITH ORDINALITY AS t(o, n, i)
         ORDER BY t.i)`;
}

/** Per-second rows serve rollout guards and the console's per-version charts, whose longest window is this. */
export const VERSION_SECONDS_KEPT_MS = VERSION_METRICS_KEPT_HOURS * 3_600_000;

export async function pruneVersionMetricSeconds(prisma: PrismaClient, now = Date.now()): Promise<number> {
  const { count } = await prisma.versionMetricSecond.deleteMany({ where: { second: { lt: new Date(now - VERSION_SECONDS_KEPT_MS) } } });
  return count;
}

/** One version's calls over a window. */
export interface VersionWindow {
  versionId: string;
  calls: number;
  errors: number;
  buckets: number[];
}

/** Each version's totals over the seconds in [from, until); versions without calls are left out. */
export async function readVersionWindows(db: Pick<PrismaClient, "$queryRaw">, serviceId: string, from: Date, until: Date): Promise<Map<string, VersionWindow>> {
  const rows = await db.$queryRaw<Array<{ versionId: string; calls: number; errors: number; buckets: number[] }>>`
    WITH w AS (
      SELECT m."versionId", m.calls, m.errors, m."latencyBuckets"
        FROM version_metric_seconds m
       WHERE m."serviceId" = ${serviceId}::uuid
         AND m.second >= ${from.toISOString()}::timestamptz AT TIME ZONE 'UTC'
         AND m.second < ${until.toISOString()}::timestamptz AT TIME ZONE 'UTC'
    ), b AS (
      SELECT w."versionId", u.i, sum(u.n)::int AS n
        FROM w, unnest(w."latencyBuckets") WITH ORDINALITY AS u(n, i)
       GROUP BY w."versionId", u.i
    )
    SELECT e."versionId", e.errors,
           e.calls,
           coalesce((SELECT array_agg(b.n ORDER BY b.i) FROM b WHERE b."versionId" = e."versionId"), '{}'::int[]) AS buckets
      FROM (SELECT w."versionId", sum(w.calls)::int AS calls, sum(w.errors)::int AS errors FROM w GROUP BY w."versionId") e`;
  const windows = new Map<string, VersionWindow>();
  for (const row of rows) {
    windows.set(row.versionId, { versionId: row.versionId, calls: row.calls, errors: row.errors, buckets: addBuckets(new Array<number>(BUCKET_COUNT).fill(0), row.buckets) });
  }
  return windows;
}

/**
 * What the gateway's hot path feeds: each call bumps in-memory counters per minute and per version
 * second; `flush` adds them to their tables, and hands back to the buffer whatever a failed write
 * did not keep, so a database hiccup loses nothing.
 */
export class InferenceMetricsBuffer {
  private readonly minutes = new MinuteAggregator();
  private readonly versionSeconds = new VersionSecondAggregator();

  record(serviceId: string, versionId: string, latencyMs: number, error: boolean, at = Date.now()): void {
    this.minutes.record(serviceId, latencyMs, error, at);
    this.versionSeconds.record(serviceId, versionId, latencyMs, error, at);
  }

  async flush(prisma: PrismaClient): Promise<void> {
    const minutes = this.minutes.drain();
    const seconds = this.versionSeconds.drain();
    let failure: unknown = null;
    try {
      await writeMinuteCells(prisma, minutes);
    } catch (error) {
      this.minutes.restore(minutes);
      failure = error;
    }
    try {
      await writeVersionSecondCells(prisma, seconds);
    } catch (error) {
      this.versionSeconds.restore(seconds);
      failure ??= error;
    }
    if (failure !== null) throw failure;
  }
}

export type StatusClass = "1xx" | "2xx" | "3xx" | "4xx" | "5xx" | "upstream_error";

export function statusClass(statusCode: number, upstreamFailed: boolean): StatusClass {
  if (upstreamFailed) return "upstream_error";
  if (statusCode >= 500) return "5xx";
  if (statusCode >= 400) return "4xx";
  if (statusCode >= 300) return "3xx";
  if (statusCode >= 200) return "2xx";
  return "1xx"; // a WebSocket connection (101)
}

/** A Prometheus registry of its own per app (tests build many apps in one process). */
export function createPrometheus() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "rts_inference_requests_total",
    help: "Inference calls forwarded to a model instance, by service, answering version and status class",
    labelNames: ["service_id", "version", "status_class"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "rts_inference_duration_seconds",
    help: "Inference call latency through the gateway, in seconds",
    labelNames: ["service_id", "version"] as const,
    buckets: LATENCY_BUCKETS_MS.map((ms) => ms / 1000),
    registers: [registry],
  });
  const samplesLost = new Counter({
    name: "rts_data_collection_samples_lost_total",
    help: "Data-collection samples not kept: refused by the database, dropped from a full write buffer, or pruned to a service's cap",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  const fastPathCalls = new Counter({
    name: "rts_gateway_fast_path_calls_total",
    help: "Inference calls answered before the HTTP framework (cached token and routing table, no limit or sampling); the others are in rts_inference_requests_total only",
    registers: [registry],
  });
  return { registry, requests, duration, samplesLost, fastPathCalls };
}
export type Prometheus = ReturnType<typeof createPrometheus>;
