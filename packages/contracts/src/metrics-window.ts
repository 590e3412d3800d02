// The windows a service's metrics can be read over, and how each is cut into buckets. Shared so the
// console's range picker offers exactly the windows the API accepts, with the same labels.
import { z } from "zod";

/**
 * Per-version figures are kept per second for a day, then pruned (service-wide per-minute figures
 * are kept longer), so no window is longer than a day: every window can be split by version.
 */
export const VERSION_METRICS_KEPT_HOURS = 24;

export const METRICS_RANGES = {
  "15m": { label: "Last 15 minutes", minutes: 15, stepMinutes: 1 },
  "1h": { label: "Last hour", minutes: 60, stepMinutes: 1 },
  "6h": { label: "Last 6 hours", minutes: 360, stepMinutes: 5 },
  "24h": { label: "Last 24 hours", minutes: VERSION_METRICS_KEPT_HOURS * 60, stepMinutes: 15 },
} as const satisfies Record<string, { label: string; minutes: number; stepMinutes: number }>;

export type MetricsRange = keyof typeof METRICS_RANGES;
export const METRICS_RANGE_VALUES = Object.keys(METRICS_RANGES) as [MetricsRange, ...MetricsRange[]];
export const DEFAULT_METRICS_RANGE: MetricsRange = "1h";

export const METRICS_QUERY_MESSAGES = {
  range: `range must be one of ${METRICS_RANGE_VALUES.join(", ")} (figures per version are kept for ${VERSION_METRICS_KEPT_HOURS} hours).`,
} as const;

export const MetricsRangeSchema = z.enum(METRICS_RANGE_VALUES, { error: METRICS_QUERY_MESSAGES.range });

export const ServiceMetricsQuerySchema = z.object({
  range: MetricsRangeSchema.default(DEFAULT_METRICS_RANGE).describe(
    `Window ending now: ${METRICS_RANGE_VALUES.map((r) => `${r} (${METRICS_RANGES[r].stepMinutes}-minute buckets)`).join(", ")}; default ${DEFAULT_METRICS_RANGE}`,
  ),
});
export type ServiceMetricsQuery = z.infer<typeof ServiceMetricsQuerySchema>;

export interface MetricsWindow {
  /** Start of the first bucket (inclusive). */
  from: Date;
  /** End of the last bucket (exclusive); the last bucket holds `now` and is still filling. */
  until: Date;
  stepMs: number;
  bucketCount: number;
}

/** The window of `range` that ends with the bucket holding `now`, aligned to whole steps. */
export function metricsWindow(range: MetricsRange, now: number): MetricsWindow {
  const { minutes, stepMinutes } = METRICS_RANGES[range];
  const stepMs = stepMinutes * 60_000;
  const until = (Math.floor(now / stepMs) + 1) * stepMs;
  return { from: new Date(until - minutes * 60_000), until: new Date(until), stepMs, bucketCount: minutes / stepMinutes };
}

/** The bucket `at` falls in, or null outside the window. */
export function bucketIndexAt(window: MetricsWindow, at: number): number | null {
  if (at < window.from.getTime() || at >= window.until.getTime()) return null;
  return Math.floor((at - window.from.getTime()) / window.stepMs);
}

/** Start of every bucket, oldest first. */
export function bucketStarts(window: MetricsWindow): Date[] {
  return Array.from({ length: window.bucketCount }, (_, i) => new Date(window.from.getTime() + i * window.stepMs));
}
