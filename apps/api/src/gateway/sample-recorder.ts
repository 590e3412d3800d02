// Data collection's write path (R11). Sampled calls wait in a bounded buffer and are written in
// batches with the metrics flush. A row PostgreSQL refuses (jsonb refuses \u0000 and unpaired
// surrogates) is dropped and counted instead of blocking every later sample; a database outage
// keeps the batch for the next flush, within the buffer's bounds; each service keeps at most its
// cap of samples, the oldest pruned first. Counts are logged and exported, contents never.
import { Prisma, type PrismaClient } from "@rts/db";
import type { PendingSample } from "./data-collection.ts";

export interface SampleLimits {
  /** Samples waiting to be written; past this the oldest are dropped. */
  bufferMaxSamples: number;
  /** Approximate bytes (JSON text) of the samples waiting to be written. */
  bufferMaxBytes: number;
  maxSamplesPerService: number;
  maxBytesPerService: number;
}

export const DEFAULT_SAMPLE_LIMITS: SampleLimits = {
  bufferMaxSamples: 5_000,
  bufferMaxBytes: 32 * 1024 * 1024,
  maxSamplesPerService: 10_000,
  maxBytesPerService: 50 * 1024 * 1024,
};

/** refused: PostgreSQL would not store it; buffer_full: dropped while waiting; over_cap: pruned to the service's cap. */
export type SampleLossReason = "refused" | "buffer_full" | "over_cap";

interface Buffered {
  sample: PendingSample;
  bytes: number;
}

export class SampleRecorder {
  private pending: Buffered[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly limits: SampleLimits,
    private readonly onLoss: (reason: SampleLossReason, count: number) => void,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  add(sample: PendingSample): void {
    // Bodies are already capped to 64 KiB each, so this stringify is bounded too.
    const bytes = (JSON.stringify(sample.request)?.length ?? 0) + (JSON.stringify(sample.response)?.length ?? 0);
    this.pending.push({ sample, bytes });
    this.pendingBytes += bytes;
    this.trim();
  }

  /** Writes what is buffered. Throws only when the database cannot be written at all; the unwritten rest stays buffered. */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const rows = await this.rowsOfLiveServices(batch).catch((error: unknown) => {
      this.restore(batch);
      throw new SampleWriteError(error);
    });
    const chunks: Buffered[][] = rows.length > 0 ? [rows] : [];
    let refused = 0;
    while (chunks.length > 0) {
      const chunk = chunks.shift()!;
      try {
        await this.prisma.dataCollectionSample.createMany({ data: chunk.map(({ sample }) => toRow(sample)) });
      } catch (error) {
        if (!isRefusal(error)) {
          this.restore([chunk, ...chunks].flat());
          if (refused > 0) this.onLoss("refused", refused);
          throw new SampleWriteError(error);
        }
        // Halving finds the refused rows in a few statements, whatever the batch size.
        if (chunk.length === 1) refused += 1;
        else chunks.unshift(chunk.slice(0, chunk.length >> 1), chunk.slice(chunk.length >> 1));
      }
    }
    if (refused > 0) this.onLoss("refused", refused);
    const pruned = await this.pruneToCaps(new Set(rows.map(({ sample }) => sample.serviceId)));
    if (pruned > 0) this.onLoss("over_cap", pruned);
  }

  // Samples of a service deleted since the call are dropped, not an error.
  private async rowsOfLiveServices(batch: Buffered[]): Promise<Buffered[]> {
    if (batch.length === 0) return [];
    const ids = [...new Set(batch.map(({ sample }) => sample.serviceId))];
    const live = new Set((await this.prisma.service.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((s) => s.id));
    return batch.filter(({ sample }) => live.has(sample.serviceId));
  }

  /** Puts unwritten samples back before newer ones, within the buffer's bounds. */
  private restore(rows: Buffered[]): void {
    this.pending = rows.concat(this.pending);
    this.pendingBytes = this.pending.reduce((sum, b) => sum + b.bytes, 0);
    this.trim();
  }

  private trim(): void {
    let drop = 0;
    let bytes = this.pendingBytes;
    while (
      this.pending.length - drop > 0 &&
      (this.pending.length - drop > this.limits.bufferMaxSamples || bytes > this.limits.bufferMaxBytes)
    ) {
      bytes -= this.pending[drop]!.bytes;
      drop += 1;
    }
    if (drop === 0) return;
    this.pending = this.pending.slice(drop);
    this.pendingBytes = bytes;
    this.onLoss("buffer_full", drop);
  }

  private async pruneToCaps(serviceIds: Set<string>): Promise<number> {
    let pruned = 0;
    for (const serviceId of serviceIds) {
      pruned += await this.prisma.$executeRaw`
        DELETE FROM data_collection_samples d
         USING (SELECT id,
                       row_number() OVER newest AS n,
                       sum(pg_column_size(request) + pg_column_size(response)) OVER newest AS bytes
                  FROM data_collection_samples
                 WHERE "serviceId" = ${serviceId}::uuid
                WINDOW newest AS (ORDER BY at DESC, id DESC)) ranked
         WHERE d.id = ranked.id
           AND (ranked.n > ${this.limits.maxSamplesPerService} OR ranked.bytes > ${this.limits.maxBytesPerService})`;
    }
    return pruned;
  }
}

function json(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  return value === null || value === undefined ? Prisma.JsonNull : (value as Prisma.InputJsonValue);
}

function toRow(s: PendingSample): Prisma.DataCollectionSampleCreateManyInput {
  return {
    serviceId: s.serviceId,
    versionId: s.versionId,
    at: s.at,
    request: json(s.request),
    response: json(s.response),
    statusCode: s.statusCode,
    latencyMs: s.latencyMs,
    expiresAt: s.expiresAt,
  };
}

/** Names the failure without its message: Prisma messages can quote the rows, and rows are user data. */
export class SampleWriteError extends Error {
  constructor(cause: unknown) {
    const code = sqlState(cause) ?? (cause as { code?: unknown }).code;
    super(`writing data-collection samples failed: ${(cause as Error).name ?? "error"}${typeof code === "string" ? ` ${code}` : ""}`);
    this.name = "SampleWriteError";
  }
}

/** The PostgreSQL error code behind a Prisma error, when there is one. */
function sqlState(error: unknown): string | undefined {
  const meta = (error as { meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } }).meta;
  const cause = meta?.driverAdapterError?.cause;
  const code = cause?.originalCode ?? cause?.code ?? meta?.code;
  return typeof code === "string" ? code : undefined;
}

// Class 22 (data exception: bad text, bad JSON, out of range) and 23 (a service deleted meanwhile)
// are about the rows, as is a value Prisma cannot send; anything else (connection, timeout) is
// about the database.
function isRefusal(error: unknown): boolean {
  if ((error as Error).name === "PrismaClientValidationError") return true;
  const state = sqlState(error);
  return state !== undefined && (state.startsWith("22") || state.startsWith("23"));
}
