// What the gateway records about a service, as the API returns it: per-minute call metrics and
// data-collection samples (R11). Shared so the console reads exactly what the API sends.
import { z } from "zod";

export const MetricsPointSchema = z.object({
  calls: z.int(),
  errors: z.int().describe("Answers with status >= 500 and unreachable instances; a 4xx from the model is a call, not an error"),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type MetricsPoint = z.infer<typeof MetricsPointSchema>;

export const ServiceMetricsSchema = z.object({
  windowMinutes: z.int(),
  bucketBoundsMs: z.array(z.number()).describe("Latency histogram bucket upper bounds; percentiles are estimated from it"),
  totals: MetricsPointSchema.extend({ avgMs: z.number().nullable() }),
  series: z.array(MetricsPointSchema.extend({ minute: z.string() })).describe("Minutes with calls, oldest first"),
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

export const ServiceSamplesSchema = z.object({ dataCollectionEnabled: z.boolean(), items: z.array(ServiceSampleSchema) });
export type ServiceSamples = z.infer<typeof ServiceSamplesSchema>;
