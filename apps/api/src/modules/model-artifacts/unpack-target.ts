import { createWriteStream } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Transform, type Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { formatByteSize } from "@rts/contracts";
import { ArchiveRefusedError, quoteEntryName } from "./archive-refused-error.ts";
import { entryPathSegments } from "./archive-entry-path.ts";
import type { UnpackLimits } from "./unpack-limits.ts";

const FILE_MODE = 0o644;
const DIRECTORY_MODE = 0o755;

/**
 * The folder an archive is unpacked into, and the bookkeeping that keeps it safe whatever the
 * archive format: every entry is counted, named paths are checked and de-duplicated, and file
 * bytes are counted as they are written, so a header that lies about a size changes nothing.
 * Nothing but plain files and folders is ever created, so no later write can follow a link.
 */
export class UnpackTarget {
  #entries = 0;
  #unpackedBytes = 0;
  readonly #files = new Set<string>();
  readonly #declaredDirectories = new Set<string>();
  readonly #createdDirectories = new Set<string>([""]);

  constructor(
    readonly root: string,
    readonly archiveName: string,
    readonly limits: UnpackLimits,
  ) {}

  refuse(reason: ConstructorParameters<typeof ArchiveRefusedError>[0], entry: string, what: string): ArchiveRefusedError {
    return new ArchiveRefusedError(reason, `${this.archiveName}: entry ${quoteEntryName(entry)} ${what}`, entry);
  }

  /** Call for every entry, whatever its kind, before anything else about it. */
  countEntry(): void {
    this.#entries += 1;
    if (this.#entries > this.limits.maxEntries) {
      throw new ArchiveRefusedError(
        "too-many-entries",
        `${this.archiveName} holds more than ${this.limits.maxEntries} entries (files and folders), the most a package may hold; remove files the model does not need.`,
      );
    }
  }

  /** A size the archive declares, checked before reading so a bomb that admits its size stops early. */
  checkDeclaredSize(name: string, bytes: number): void {
    this.#checkSizes(name, bytes, this.#unpackedBytes + bytes);
  }

  async addDirectory(name: string): Promise<void> {
    const segments = entryPathSegments(this.archiveName, name);
    if (segments.length === 0) return;
    const path = segments.join("/");
    if (this.#files.has(path)) throw this.refuse("duplicate", name, "is both a file and a folder in the archive; keep one.");
    if (this.#declaredDirectories.has(path)) throw this.refuse("duplicate", name, "appears twice in the archive; pack each folder once.");
    this.#declaredDirectories.add(path);
    await this.#ensureDirectory(segments);
  }

  /** `check` sees the bytes before they are counted and written, e.g. to verify a checksum at the end. */
  async addFile(name: string, content: Readable | AsyncIterable<Buffer>, check?: Transform): Promise<void> {
    const segments = entryPathSegments(this.archiveName, name);
    if (segments.length === 0) throw this.refuse("unsupported-entry", name, "is a file without a name; pack again.");
    const path = segments.join("/");
    if (this.#files.has(path)) throw this.refuse("duplicate", name, "appears twice in the archive; pack each file once.");
    if (this.#createdDirectories.has(path)) throw this.refuse("duplicate", name, "is both a file and a folder in the archive; keep one.");
    this.#files.add(path);
    await this.#ensureDirectory(segments.slice(0, -1));
    const file = join(this.root, ...segments);
    let entryBytes = 0;
    const budget = new Transform({
      transform: (chunk: Buffer, _encoding, callback: TransformCallback) => {
        entryBytes += chunk.length;
        this.#unpackedBytes += chunk.length;
        try {
          this.#checkSizes(name, entryBytes, this.#unpackedBytes);
          callback(null, chunk);
        } catch (error) {
          callback(error as Error);
        }
      },
    });
    // "wx": a path is only ever created, never reopened, so a duplicate can never overwrite.
    const output = createWriteStream(file, { flags: "wx", mode: FILE_MODE });
    await (check ? pipeline(content, check, budget, output) : pipeline(content, budget, output));
    await chmod(file, FILE_MODE);
  }

  #checkSizes(name: string, entryBytes: number, totalBytes: number): void {
    if (entryBytes > this.limits.maxEntryBytes) {
      throw this.refuse("entry-too-large", name, `unpacks to more than ${formatByteSize(this.limits.maxEntryBytes)}, the largest file a package may hold.`);
    }
    if (totalBytes > this.limits.maxUnpackedBytes) {
      throw new ArchiveRefusedError(
        "too-large",
        `${this.archiveName} unpacks to more than ${formatByteSize(this.limits.maxUnpackedBytes)} (counted while unpacking, at entry ${quoteEntryName(name)}), the most a package may hold.`,
        name,
      );
    }
  }

  async #ensureDirectory(segments: string[]): Promise<void> {
    for (let depth = 1; depth <= segments.length; depth += 1) {
      const path = segments.slice(0, depth).join("/");
      if (this.#createdDirectories.has(path)) continue;
      if (this.#files.has(path)) throw this.refuse("duplicate", segments.join("/"), `is inside ${quoteEntryName(path)}, which the archive also holds as a file; keep one.`);
      const directory = join(this.root, ...segments.slice(0, depth));
      await mkdir(directory, { mode: DIRECTORY_MODE });
      await chmod(directory, DIRECTORY_MODE);
      this.#createdDirectories.add(path);
    }
  }
}
