import type { Readable } from "node:stream";

/** What a store measured while it wrote an artifact. */
export interface StoredArtifact {
  bytes: number;
  sha256: string;
}

/**
 * Where uploaded model files live between the upload and the build (and afterwards, so a version
 * can be rebuilt). Keys are relative paths such as "versions/<id>/package.tgz"; see assertArtifactKey.
 */
export interface ArtifactStore {
  readonly kind: "local" | "s3";
  /** A sentence for logs and the operator: where artifacts go. Never holds a secret. */
  readonly description: string;
  /** Streams `source` under `key`; the key holds nothing (not even part of the file) unless this resolves. */
  put(key: string, source: Readable): Promise<StoredArtifact>;
  /** Rejects with ArtifactNotFoundError when nothing is stored under `key`. */
  open(key: string): Promise<Readable>;
  /** Removes `key`; removing a key that holds nothing is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export class ArtifactNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No artifact is stored under "${key}".`);
    this.name = "ArtifactNotFoundError";
  }
}

export class InvalidArtifactKeyError extends Error {
  constructor(readonly key: string) {
    super(`"${key}" is not a valid artifact key: use 1-8 segments of letters, digits, ".", "_" or "-" separated by "/", none starting with ".".`);
    this.name = "InvalidArtifactKeyError";
  }
}

// Segments may not start with "." so "." and ".." can never appear, and the local store's own
// ".incoming" folder can never be named by a key.
const KEY_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** Keys are built by the API from ids and file extensions; anything else is a bug or an attack. */
export function assertArtifactKey(key: string): void {
  const segments = key.split("/");
  if (key.length > 512 || segments.length > 8 || !segments.every((segment) => KEY_SEGMENT.test(segment))) {
    throw new InvalidArtifactKeyError(key);
  }
}
