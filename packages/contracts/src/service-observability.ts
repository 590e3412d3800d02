// What the gateway records about a service, as the API returns it: call metrics over a window,
// service-wide and per version, and data-collection samples (R11). Shared so the console reads
// exactly what the API sends.
import { z } from "zod";
import { MetricsRangeSchema } from "./metrics-window.ts";

export const MetricsPointSchema = z.object({
  calls: z.int(),
  errors: z.int().describe("Answers with status >= 500 and unreachable instances; a 4xx from the model is a call, not an error"),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type MetricsPoint = z.infer<typeof MetricsPointSchema>;

export const MetricsBucketSchema = MetricsPointSchema.extend({
  at: z.string().describe("Start of the bucket (ISO 8601, UTC)"),
});
export type MetricsBucket = z.infer<typeof MetricsBucketSchema>;

const BucketsSchema = z
  .array(MetricsBucketSchema)
  .describe("Every bucket of the window, oldest first; a bucket without calls has calls 0 and null percentiles");

export const VersionMetricsSchema = z.object({
  versionId: z.string(),
  application: z.string().nullable().describe("The AI application's name; null if it was deleted since"),
  version: z.string().nullable(),
  trafficRatio: z.int().nullable().describe("Its share of traffic now (%); null when the service no longer runs it"),
  totals: MetricsPointSchema,
  series: BucketsSchema,
});
export type VersionMetrics = z.infer<typeof VersionMetricsSchema>;

export const ServiceMetricsSchema = z.object({
  range: MetricsRangeSchema,
  from: z.string().describe("Start of the first bucket (ISO 8601, UTC)"),
  until: z.string().describe("End of the last bucket, which holds now and is still filling"),
  stepMinutes: z.int().describe("Length of one bucket"),
  bucketBoundsMs: z.array(z.number()).describe("Latency histogram bucket upper bounds; percentiles are estimated from it"),
  totals: MetricsPointSchema.extend({ avgMs: z.number().nullable() }),
  series: BucketsSchema,
  versions: z
    .array(VersionMetricsSchema)
    .describe("The versions the service runs now (in configuration order, with or without calls), then any other version that answered calls in the window"),
});
export type ServiceMetrics = z.infer<typeof ServiceMetricsSchema>;

export const ServiceSampleSchema = z.object({
  id: z.string(),
  at: z.string(),
  versionId: z.string(),
  version: z.string().nullable(),
  statusCode: z.int(),
  latencyMs: z.int(),
  request: z.unknown().describe("The request JSON, or { truncated, bytes, limitBytes, preview } above 64 KiB"),
  response: z.unknown().describe("The response JSON (or text), or a truncation marker above 64 KiB"),
  expiresAt: z.string(),
});
export type ServiceSample = z.infer<typeof ServiceSampleSchema>;

export const SAMPLES_PAGE_DEFAULT = 20;
export const SAMPLES_PAGE_MAX = 100;
export const SAMPLES_QUERY_MESSAGES = {
  limit: `limit must be a whole number from 1 to ${SAMPLES_PAGE_MAX}.`,
  cursor: "cursor must be the nextCursor of an earlier page.",
} as const;

export const ServiceSamplesQuerySchema = z.object({
  limit: z.coerce
    .number({ error: SAMPLES_QUERY_MESSAGES.limit })
    .int({ error: SAMPLES_QUERY_MESSAGES.limit })
    .min(1, { error: SAMPLES_QUERY_MESSAGES.limit })
    .max(SAMPLES_PAGE_MAX, { error: SAMPLES_QUERY_MESSAGES.limit })
    .default(SAMPLES_PAGE_DEFAULT)
    .describe(`Samples per page, newest first (default ${SAMPLES_PAGE_DEFAULT}, at most ${SAMPLES_PAGE_MAX})`),
  cursor: z
    .string({ error: SAMPLES_QUERY_MESSAGES.cursor })
    .max(200, { error: SAMPLES_QUERY_MESSAGES.cursor })
    .optional()
    .describe("nextCursor of the previous page; omit for the newest samples"),
});
export type ServiceSamplesQuery = z.infer<typeof ServiceSamplesQuerySchema>;

export const ServiceSamplesSchema = z.object({
  dataCollectionEnabled: z.boolean(),
  items: z.array(ServiceSampleSchema),
  nextCursor: z.string().nullable().describe("Pass as cursor for the next, older page; null on the last page"),
});
export type ServiceSamples = z.infer<typeof ServiceSamplesSchema>;
