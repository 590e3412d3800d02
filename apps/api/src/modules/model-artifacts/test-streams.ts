import { createHash } from "node:crypto";
import { Readable } from "node:stream";

// Generated content for tests: large files never exist as one buffer, only as a stream of chunks.

const CHUNK_BYTES = 64 * 1024;

/**
 * `totalBytes` of varied, reproducible bytes; `failAfter` makes the stream error once that many
 * have been sent; `onChunk` hears of every chunk produced, so a test can tell how much was read.
 */
export function generatedStream(totalBytes: number, { failAfter, onChunk }: { failAfter?: number; onChunk?: (bytes: number) => void } = {}): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) {
        this.destroy(new Error("the client went away"));
        return;
      }
      if (sent >= totalBytes) {
        this.push(null);
        return;
      }
      const size = Math.min(CHUNK_BYTES, totalBytes - sent);
      const chunk = Buffer.alloc(size);
      for (let i = 0; i + 4 <= size; i += 4) chunk.writeUInt32LE((sent + i) >>> 0, i);
      sent += size;
      onChunk?.(size);
      this.push(chunk);
    },
  });
}

export async function sha256Of(stream: AsyncIterable<Buffer | Uint8Array>): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest("hex") };
}
