// Uploads kept in a folder on this machine. Stands in until the artifact store of
// modules/model-artifacts (local folder or S3) is wired in behind the same interface.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { copyFile, mkdir, rename, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReceivedArtifact, VersionArtifacts } from "./version-artifacts.ts";

export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The upload is larger than ${maxBytes} bytes.`);
    this.name = "UploadTooLargeError";
  }
}

export class LocalVersionArtifacts implements VersionArtifacts {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    const file = path.resolve(this.root, key);
    if (!file.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`artifact key outside the store: ${key}`);
    return file;
  }

  async receive(stream: Readable, key: string, maxBytes: number): Promise<ReceivedArtifact> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.partial`;
    const hash = createHash("sha256");
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > maxBytes) return done(new UploadTooLargeError(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(stream, counter, createWriteStream(partial, { mode: 0o600 }));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { bytes, sha256: hash.digest("hex") };
  }

  async download(key: string, file: string): Promise<void> {
    await copyFile(this.file(key), file);
  }

  async remove(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
    // The version's folder goes with its last file; one still holding others stays.
    await rmdir(path.dirname(this.file(key))).catch(() => {});
  }

  isTooLarge(error: unknown): boolean {
    return error instanceof UploadTooLargeError;
  }
}
