import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ArchiveRefusedError } from "./archive-refused-error.ts";
import { DEFAULT_UNPACK_LIMITS, type UnpackLimits } from "./unpack-limits.ts";
import { unpackTarGz } from "./unpack-tar-gz.ts";
import { UnpackTarget } from "./unpack-target.ts";
import { unpackZip } from "./unpack-zip.ts";

export interface UnpackOptions {
  /** The name people know the archive by (the uploaded file's name), used in every message. */
  archiveName?: string;
  limits?: Partial<UnpackLimits>;
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/**
 * Unpacks a .tar.gz/.tgz or .zip model package (told apart by their first bytes, not by the file
 * name) into `targetDir`, which must not exist yet. Either every entry is unpacked as a plain file
 * (0644) or folder (0755), or an ArchiveRefusedError says which entry and why, and `targetDir` is
 * gone again. A stream source is first written next to `targetDir` (zip needs random access) and
 * that copy is removed in every case.
 */
export async function unpackArchive(source: string | Readable, targetDir: string, options: UnpackOptions = {}): Promise<void> {
  const limits = { ...DEFAULT_UNPACK_LIMITS, ...options.limits };
  const archiveName = options.archiveName ?? (typeof source === "string" ? basename(source) : "The archive");
  await mkdir(dirname(targetDir), { recursive: true });
  await mkdir(targetDir, { mode: 0o755 });
  const spooled = typeof source === "string" ? null : join(dirname(targetDir), `.${basename(targetDir)}.${randomUUID()}.archive`);
  try {
    if (spooled) await pipeline(source as Readable, createWriteStream(spooled, { flags: "wx", mode: 0o600 }));
    const archivePath = spooled ?? (source as string);
    const target = new UnpackTarget(targetDir, archiveName, limits);
    const format = await detectFormat(archivePath);
    if (format === null) {
      throw new ArchiveRefusedError("not-an-archive", `${archiveName} is not a .tar.gz or .zip archive; upload the model package as one of those.`);
    }
    try {
      await (format === "tar.gz" ? unpackTarGz(archivePath, target) : unpackZip(archivePath, target));
    } catch (error) {
      if (error instanceof ArchiveRefusedError) throw error;
      throw new ArchiveRefusedError(
        "corrupt",
        `${archiveName} is truncated or corrupt (${(error as Error).message}); pack it again and upload the whole file.`,
      );
    }
  } catch (error) {
    await rm(targetDir, { recursive: true, force: true });
    throw error;
  } finally {
    if (spooled) await rm(spooled, { force: true });
  }
}

async function detectFormat(path: string): Promise<"tar.gz" | "zip" | null> {
  const file = await open(path, "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await file.read(head, 0, 4, 0);
    const start = head.subarray(0, bytesRead);
    if (start.subarray(0, 2).equals(GZIP_MAGIC)) return "tar.gz";
    if (start.equals(ZIP_MAGIC) || start.equals(EMPTY_ZIP_MAGIC)) return "zip";
    return null;
  } finally {
    await file.close();
  }
}
