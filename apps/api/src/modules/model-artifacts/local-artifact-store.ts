import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ArtifactNotFoundError, assertArtifactKey, InvalidArtifactKeyError, type ArtifactStore, type StoredArtifact } from "./artifact-store.ts";
import { MeasuringStream } from "./measure-stream.ts";

/**
 * Artifacts as files under one folder (by default `<dataDir>/artifacts`), readable by this user
 * only. A file appears under its key only once it is complete: it is written under a temporary
 * name in the same folder tree, then renamed.
 */
export class LocalArtifactStore implements ArtifactStore {
  readonly kind = "local";
  readonly root: string;
  readonly #incoming: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.#incoming = join(this.root, ".incoming");
  }

  get description(): string {
    return `local folder ${this.root}`;
  }

  async put(key: string, source: Readable): Promise<StoredArtifact> {
    const target = this.#pathOf(key);
    await mkdir(this.#incoming, { recursive: true, mode: 0o700 });
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const temporary = join(this.#incoming, randomUUID());
    const measuring = new MeasuringStream();
    try {
      await pipeline(source, measuring, createWriteStream(temporary, { flags: "wx", mode: 0o600 }));
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return measuring.result();
  }

  async open(key: string): Promise<Readable> {
    const path = this.#pathOf(key);
    const stream = createReadStream(path);
    // Surface a missing file here rather than as the stream's first event.
    await new Promise<void>((ready, fail) => {
      stream.once("open", () => ready());
      stream.once("error", (error: NodeJS.ErrnoException) => fail(error.code === "ENOENT" ? new ArtifactNotFoundError(key) : error));
    });
    return stream;
  }

  async delete(key: string): Promise<void> {
    await rm(this.#pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.#pathOf(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  }

  #pathOf(key: string): string {
    assertArtifactKey(key);
    const path = resolve(this.root, key);
    // assertArtifactKey already rules out escapes; this second check keeps it so if the rule changes.
    const inside = relative(this.root, path);
    if (inside.startsWith("..") || inside.startsWith(sep) || inside === "") throw new InvalidArtifactKeyError(key);
    return path;
  }
}
