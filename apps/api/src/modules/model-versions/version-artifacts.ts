import type { Readable } from "node:stream";

// What the version API and the build need from the artifact store (modules/model-artifacts):
// uploads stream in under a size limit, the build reads them back, deletes remove them.

export interface ReceivedArtifact {
  bytes: number;
  sha256: string;
}

export interface VersionArtifacts {
  /** Streams `stream` into storage under `key`; throws UploadTooLargeError past `maxBytes`, leaving nothing stored. */
  receive(stream: Readable, key: string, maxBytes: number): Promise<ReceivedArtifact>;
  /** Copies the stored artifact to a local file, for unpacking. */
  download(key: string, file: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** Whether `receive` refused the stream for its size. */
  isTooLarge(error: unknown): boolean;
}

/** Where a version's upload is stored. */
export function artifactKey(versionId: string, fileName: string): string {
  return `versions/${versionId}/${fileName}`;
}

/** The storage key a version row's artifact column records, if any. */
export function storedArtifactKey(artifact: unknown): string | null {
  if (artifact === null || typeof artifact !== "object") return null;
  const key = (artifact as { key?: unknown }).key;
  return typeof key === "string" ? key : null;
}
