import { formatByteSize, MODEL_UPLOAD_LIMITS } from "@rts/contracts";
import { pipeline, Transform, type Readable, type TransformCallback } from "node:stream";
import type { ArtifactStore, StoredArtifact } from "./artifact-store.ts";

/** The API answers this with 413 and `errors: [{ path: "file", message }]`. */
export class UploadTooLargeError extends Error {
  readonly field = "file";
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${formatByteSize(maxBytes)}, the largest upload accepted; make the model smaller or upload it as a compressed package.`);
    this.name = "UploadTooLargeError";
  }
}

/**
 * Streams an upload into `store` under `key`, counting and hashing as it goes. Past `maxBytes` it
 * stops reading the request at once, removes whatever reached the store and throws
 * UploadTooLargeError; at no point is more than a stream buffer of the file in memory.
 */
export async function receiveUpload(
  upload: Readable,
  store: ArtifactStore,
  key: string,
  { maxBytes = MODEL_UPLOAD_LIMITS.maxUploadBytes }: { maxBytes?: number } = {},
): Promise<StoredArtifact> {
  let received = 0;
  let tooLarge: UploadTooLargeError | null = null;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      received += chunk.length;
      if (received > maxBytes) {
        tooLarge = new UploadTooLargeError(maxBytes);
        callback(tooLarge);
      } else {
        callback(null, chunk);
      }
    },
  });
  // The store consumes `limit`; an error on either side destroys both, which stops the upload.
  const limited = pipeline(upload, limit, () => undefined);
  try {
    return await store.put(key, limited);
  } catch (error) {
    await store.delete(key);
    throw tooLarge ?? error;
  }
}
