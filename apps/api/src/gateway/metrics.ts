// Inference metrics. Every call the gateway forwards to a model instance counts as a call; it is an
// error when the answer is 5xx or the instance could not be reached (a 4xx from the model is the
// caller's mistake: a call, not an error). Gateway refusals (401/404/429/503 before forwarding) are
// not calls of the service. Calls are aggregated in memory per service per minute (a latency
// histogram with the fixed bounds below) and added to `service_metric_minutes` every few seconds,
// so percentiles can be read over any window. Prometheus text comes from a per-app registry.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { MetricsPoint, ServiceMetrics } from "@rts/contracts";
import type { PrismaClient } from "@rts/db";

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


function point(calls: number, errors: number, buckets: readonly number[]): MetricsPoint {
  return {
    calls,
    errors,
    p50Ms: estimatePercentile(buckets, 0.5),
    p95Ms: estimatePercentile(buckets, 0.95),
    p99Ms: estimatePercentile(buckets, 0.99),
  };
}

/** The last `minutes` minutes of one service, per minute (minutes without calls are left out). */
export async function readServiceMetrics(prisma: PrismaClient, serviceId: string, minutes: number, now = Date.now()): Promise<ServiceMetrics> {
  const since = minuteOf(now - (minutes - 1) * 60_000);
  const rows = await prisma.serviceMetricMinute.findMany({
    where: { serviceId, minute: { gte: since } },
    orderBy: { minute: "asc" },
  });
  const total = new Array<number>(BUCKET_COUNT).fill(0);
  let calls = 0;
  let errors = 0;
  let latencySum = 0;
  const series = rows.map((row) => {
    addBuckets(total, row.latencyBuckets);
    calls += row.calls;
    errors += row.errors;
    latencySum += row.latencySumMs;
    return { minute: row.minute.toISOString(), ...point(row.calls, row.errors, row.latencyBuckets) };
  });
  return {
    windowMinutes: minutes,
    bucketBoundsMs: [...LATENCY_BUCKETS_MS],
    totals: { ...point(calls, errors, total), avgMs: calls ? Math.round((latencySum / calls) * 100) / 100 : null },
    series,
  };
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
  return { registry, requests, duration, samplesLost };
}
export type Prometheus = ReturnType<typeof createPrometheus>;
