import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import type { StoredArtifact } from "./artifact-store.ts";

/** Passes bytes through unchanged while counting and hashing them. */
export class MeasuringStream extends Transform {
  #bytes = 0;
  readonly #hash = createHash("sha256");

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  /** Call once, after the stream has ended. */
  result(): StoredArtifact {
    return { bytes: this.#bytes, sha256: this.#hash.digest("hex") };
  }
}
