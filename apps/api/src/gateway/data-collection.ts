// Data collection (R11): when a service has it on, each call is kept with probability
// samplingPercent / 100 (request JSON, response JSON, status, latency, answering version) until
// now + retentionDays. Samples are buffered and written with the metrics flush, off the hot path.
import type { ServiceSample } from "@rts/contracts";
import { Prisma, type PrismaClient } from "@rts/db";
import type { RandomSource } from "./traffic-split.ts";

/** Largest request or response body kept per sample; a larger one is stored as a marker. */
export const SAMPLE_BODY_LIMIT_BYTES = 64 * 1024;
const PREVIEW_CHARS = 1024;

export interface PendingSample {
  serviceId: string;
  versionId: string;
  at: Date;
  request: unknown;
  response: unknown;
  statusCode: number;
  latencyMs: number;
  expiresAt: Date;
}

export function shouldSample(enabled: boolean, samplingPercent: number, random: RandomSource = Math.random): boolean {
  if (!enabled || samplingPercent <= 0) return false;
  if (samplingPercent >= 100) return true;
  return random() * 100 < samplingPercent;
}

export interface TruncatedBody {
  truncated: true;
  bytes: number;
  limitBytes: number;
  preview: string;
}

/** The JSON value to store for a body: itself when small enough, else a truncation marker. */
export function capJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const bytes = Buffer.byteLength(text ?? "");
  if (bytes <= SAMPLE_BODY_LIMIT_BYTES) return value;
  return { truncated: true, bytes, limitBytes: SAMPLE_BODY_LIMIT_BYTES, preview: (text ?? "").slice(0, PREVIEW_CHARS) } satisfies TruncatedBody;
}

/** An upstream answer as stored: parsed JSON when it is JSON, else the text. Capped either way. */
export function captureResponseBody(body: Buffer): unknown {
  if (body.length > SAMPLE_BODY_LIMIT_BYTES) {
    return {
      truncated: true,
      bytes: body.length,
      limitBytes: SAMPLE_BODY_LIMIT_BYTES,
      preview: body.subarray(0, PREVIEW_CHARS).toString("utf8"),
    } satisfies TruncatedBody;
  }
  const text = body.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function json(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  return value === null || value === undefined ? Prisma.JsonNull : (value as Prisma.InputJsonValue);
}

export async function writeSamples(prisma: PrismaClient, samples: PendingSample[]): Promise<void> {
  if (samples.length === 0) return;
  // Samples of a service deleted since the call are dropped, not an error.
  const existing = new Set(
    (await prisma.service.findMany({ where: { id: { in: [...new Set(samples.map((s) => s.serviceId))] } }, select: { id: true } })).map((s) => s.id),
  );
  const rows = samples.filter((s) => existing.has(s.serviceId));
  if (rows.length === 0) return;
  await prisma.dataCollectionSample.createMany({
    data: rows.map((s) => ({
      serviceId: s.serviceId,
      versionId: s.versionId,
      at: s.at,
      request: json(s.request),
      response: json(s.response),
      statusCode: s.statusCode,
      latencyMs: s.latencyMs,
      expiresAt: s.expiresAt,
    })),
  });
}

/** Deletes samples past their retention; the worker calls it periodically. Returns how many. */
export async function pruneExpiredSamples(prisma: PrismaClient, now = new Date()): Promise<number> {
  const result = await prisma.dataCollectionSample.deleteMany({ where: { expiresAt: { lte: now } } });
  return result.count;
}


/** The newest unexpired samples of one service. */
export async function readSamples(prisma: PrismaClient, serviceId: string, limit: number): Promise<ServiceSample[]> {
  const rows = await prisma.dataCollectionSample.findMany({
    where: { serviceId, expiresAt: { gt: new Date() } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
  });
  const versions = new Map(
    (
      await prisma.aiApplicationVersion.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.versionId))] } },
        select: { id: true, version: true },
      })
    ).map((v) => [v.id, v.version]),
  );
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.at.toISOString(),
    versionId: r.versionId,
    version: versions.get(r.versionId) ?? null,
    statusCode: r.statusCode,
    latencyMs: r.latencyMs,
    request: r.request,
    response: r.response,
    expiresAt: r.expiresAt.toISOString(),
  }));
}
