import { createReadStream } from "node:fs";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { extract } from "tar-stream";
import { formatByteSize } from "@rts/contracts";
import { ArchiveRefusedError } from "./archive-refused-error.ts";
import type { UnpackTarget } from "./unpack-target.ts";

// Room for what is not file content: headers, padding and long-name records of every entry.
const TAR_BYTES_PER_ENTRY = 4096;
const TAR_BYTES_EXTRA = 1024 * 1024;

const REFUSED_TYPES: Record<string, { reason: "link" | "special-file"; what: string }> = {
  symlink: { reason: "link", what: "is a symbolic link; packages may hold only files and folders, so copy the file it points to instead." },
  link: { reason: "link", what: "is a hard link; packages may hold only files and folders, so pack a plain copy instead." },
  "character-device": { reason: "special-file", what: "is a device file; packages may hold only files and folders." },
  "block-device": { reason: "special-file", what: "is a device file; packages may hold only files and folders." },
  fifo: { reason: "special-file", what: "is a named pipe (FIFO); packages may hold only files and folders." },
};

/** Streams a gzip-compressed tar file into `target`; nothing of the archive is held in memory. */
export async function unpackTarGz(archivePath: string, target: UnpackTarget): Promise<void> {
  const entries = extract();
  const feeding = pipeline(createReadStream(archivePath), createGunzip(), tarSizeLimit(target), entries);
  // Reading stops early on a refusal; the feed's resulting "premature close" is not the story.
  feeding.catch(() => undefined);
  for await (const entry of entries) {
    const { name, type, size } = entry.header;
    target.countEntry();
    if (type === "file" || type === "contiguous-file") {
      target.checkDeclaredSize(name, size ?? 0);
      // streamx readables are async iterables at run time; tar-stream's types do not say so.
      await target.addFile(name, entry as unknown as AsyncIterable<Buffer>);
    } else if (type === "directory") {
      await target.addDirectory(name);
      entry.resume();
    } else {
      const refused = type ? REFUSED_TYPES[type] : undefined;
      throw refused
        ? target.refuse(refused.reason, name, refused.what)
        : target.refuse("unsupported-entry", name, `is a tar entry of type "${type ?? "unknown"}", which packages may not hold; pack plain files and folders.`);
    }
  }
  await feeding;
}

/**
 * Caps the whole inflated tar stream, not only file contents: gzip of endless zero blocks or
 * metadata records holds no file at all, yet would keep the inflater busy for as long as it lasts.
 */
function tarSizeLimit(target: UnpackTarget): Transform {
  const { maxUnpackedBytes, maxEntries } = target.limits;
  const maxTarBytes = maxUnpackedBytes + maxEntries * TAR_BYTES_PER_ENTRY + TAR_BYTES_EXTRA;
  let inflated = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      inflated += chunk.length;
      if (inflated <= maxTarBytes) return callback(null, chunk);
      callback(
        new ArchiveRefusedError(
          "too-large",
          `${target.archiveName} inflates to more than ${formatByteSize(maxTarBytes)} of tar data, more than its files may hold (${formatByteSize(maxUnpackedBytes)}); pack only the model's files.`,
        ),
      );
    },
  });
}
