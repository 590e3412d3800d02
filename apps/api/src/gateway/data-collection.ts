// Data collection (R11): when a service has it on, each call is kept with probability
// samplingPercent / 100 (request JSON, response JSON, status, latency, answering version) until
// now + retentionDays. Samples are buffered and written with the metrics flush, off the hot path
// (sample-recorder.ts).
import type { ServiceSample } from "@rts/contracts";
import type { PrismaClient } from "@rts/db";
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

/** A request or answer body as a sample stores it: parsed JSON when it is JSON, else the text. Capped either way. */
export function captureBody(body: Buffer): unknown {
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

/** Deletes samples past their retention; the worker calls it periodically. Returns how many. */
export async function pruneExpiredSamples(prisma: PrismaClient, now = new Date()): Promise<number> {
  const result = await prisma.dataCollectionSample.deleteMany({ where: { expiresAt: { lte: now } } });
  return result.count;
}


/** Where a page ends: its last sample's time and id, the order samples are read in. */
interface SampleCursor {
  at: Date;
  id: bigint;
}

function encodeCursor(cursor: SampleCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString("base64url");
}

/** Null for anything this API did not hand out. */
export function decodeSampleCursor(text: string): SampleCursor | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,19})$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (!match) return null;
  const at = new Date(match[1]!);
  return Number.isNaN(at.getTime()) ? null : { at, id: BigInt(match[2]!) };
}

/** One page of a service's unexpired samples, newest first, and the cursor of the next (older) page. */
export async function readSamples(
  prisma: PrismaClient,
  serviceId: string,
  page: { limit: number; after: SampleCursor | null },
): Promise<{ items: ServiceSample[]; nextCursor: string | null }> {
  const { after } = page;
  const rows = await prisma.dataCollectionSample.findMany({
    where: {
      serviceId,
      expiresAt: { gt: new Date() },
      ...(after ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    // One more than the page tells whether an older page exists without counting.
    take: page.limit + 1,
  });
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  const versions = new Map(
    (
      await prisma.aiApplicationVersion.findMany({
        where: { id: { in: [...new Set(pageRows.map((r) => r.versionId))] } },
        select: { id: true, version: true },
      })
    ).map((v) => [v.id, v.version]),
  );
  return {
    items: pageRows.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      versionId: r.versionId,
      version: versions.get(r.versionId) ?? null,
      statusCode: r.statusCode,
      latencyMs: r.latencyMs,
      request: r.request,
      response: r.response,
      expiresAt: r.expiresAt.toISOString(),
    })),
    nextCursor: rows.length > page.limit && last ? encodeCursor({ at: last.at, id: last.id }) : null,
  };
}
