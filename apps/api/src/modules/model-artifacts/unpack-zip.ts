import { Transform, type TransformCallback } from "node:stream";
import { crc32 } from "node:zlib";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import type { UnpackTarget } from "./unpack-target.ts";

const S_IFMT = 0o170000;
const FILE_TYPES = new Map<number, { reason: "link" | "special-file"; what: string } | "file" | "directory">([
  [0o100000, "file"],
  [0o040000, "directory"],
  [0o120000, { reason: "link", what: "is a symbolic link; packages may hold only files and folders, so copy the file it points to instead." }],
  [0o020000, { reason: "special-file", what: "is a device file; packages may hold only files and folders." }],
  [0o060000, { reason: "special-file", what: "is a device file; packages may hold only files and folders." }],
  [0o010000, { reason: "special-file", what: "is a named pipe (FIFO); packages may hold only files and folders." }],
  [0o140000, { reason: "special-file", what: "is a socket; packages may hold only files and folders." }],
]);
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Unpacks a .zip file into `target`. yauzl reads the central directory and inflates one entry at
 * a time from the file; names are decoded here, strictly as UTF-8 (ASCII names read the same in
 * the legacy code page). Sizes are counted here rather than by yauzl so that an entry lying about
 * its size meets the unpack limits (a bomb) before it meets the size check (corruption); each
 * entry's CRC-32 is checked too, since yauzl leaves that to its caller.
 */
export async function unpackZip(archivePath: string, target: UnpackTarget): Promise<void> {
  const zip = await yauzl.openPromise(archivePath, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: false });
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      await unpackEntry(zip, entry, target);
    }
  } finally {
    zip.close();
  }
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      zip.off("entry", onEntry);
      zip.off("end", onEnd);
      zip.off("error", onError);
    };
    const onEntry = (entry: Entry) => (cleanUp(), resolve(entry));
    const onEnd = () => (cleanUp(), resolve(null));
    const onError = (error: Error) => (cleanUp(), reject(error));
    zip.on("entry", onEntry);
    zip.on("end", onEnd);
    zip.on("error", onError);
    zip.readEntry();
  });
}

function entryName(entry: Entry): string {
  try {
    return STRICT_UTF8.decode(entry.fileNameRaw);
  } catch {
    // The refusal needs some printable name; the replacement characters mark the bad bytes.
    return new TextDecoder("utf-8").decode(entry.fileNameRaw);
  }
}

async function unpackEntry(zip: ZipFile, entry: Entry, target: UnpackTarget): Promise<void> {
  target.countEntry();
  const name = entryName(entry);
  const unixType = (entry.externalFileAttributes >>> 16) & S_IFMT;
  const kind = unixType ? FILE_TYPES.get(unixType) : name.endsWith("/") ? "directory" : "file";
  if (kind === undefined) throw target.refuse("unsupported-entry", name, "has an unknown file type; pack plain files and folders.");
  if (typeof kind === "object") throw target.refuse(kind.reason, name, kind.what);
  if (kind === "directory") return target.addDirectory(name);

  if (entry.isEncrypted()) throw target.refuse("unsupported-entry", name, "is encrypted; pack it without a password.");
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw target.refuse("unsupported-entry", name, `uses compression method ${entry.compressionMethod}; packages support only stored and deflate.`);
  }
  target.checkDeclaredSize(name, entry.uncompressedSize);
  const content = await zip.openReadStreamPromise(entry);
  let checksum = 0;
  let bytes = 0;
  const checking = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      checksum = crc32(chunk, checksum);
      bytes += chunk.length;
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      if (bytes !== entry.uncompressedSize) {
        callback(target.refuse("corrupt", name, `is corrupt (it inflates to ${bytes} bytes, its header says ${entry.uncompressedSize}); pack it again.`));
      } else if (checksum !== entry.crc32) {
        callback(target.refuse("corrupt", name, "is corrupt (its CRC-32 checksum does not match); pack it again."));
      } else {
        callback();
      }
    },
  });
  await target.addFile(name, content, checking);
}
