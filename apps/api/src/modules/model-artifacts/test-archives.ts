import { gzipSync, crc32, deflateRawSync } from "node:zlib";
import { pack } from "tar-stream";
import yazl from "yazl";

// Archives for tests, built in memory. Ordinary ones come from real writers (tar-stream, yazl);
// hostile ones that those writers refuse to produce are written byte by byte here.

export interface TarEntry {
  name: string;
  content?: string | Buffer;
  type?: "file" | "directory" | "symlink" | "link" | "character-device" | "block-device" | "fifo";
  linkname?: string;
  mode?: number;
}

export async function tarGz(entries: TarEntry[]): Promise<Buffer> {
  const packer = pack();
  const chunks: Buffer[] = [];
  packer.on("data", (chunk) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve) => packer.on("end", () => resolve()));
  for (const entry of entries) {
    const type = entry.type ?? "file";
    const header = { name: entry.name, type, mode: entry.mode ?? (type === "directory" ? 0o755 : 0o644), ...(entry.linkname ? { linkname: entry.linkname } : {}) };
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (type === "file") packer.entry(header, Buffer.from(entry.content ?? ""), done);
      else packer.entry(header, done);
    });
  }
  packer.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}

/** A one-file ustar archive whose name field holds exactly `nameBytes` (tar-stream always writes UTF-8). */
export function rawTarGz(nameBytes: Buffer, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  nameBytes.copy(header, 0, 0, 100);
  header.write("0000644\0", 100, "latin1");
  header.write("0000000\0", 108, "latin1");
  header.write("0000000\0", 116, "latin1");
  header.write(`${content.length.toString(8).padStart(11, "0")}\0`, 124, "latin1");
  header.write("00000000000\0", 136, "latin1");
  header.write("        ", 148, "latin1");
  header.write("0", 156, "latin1");
  header.write("ustar\u000000", 257, "latin1");
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return gzipSync(Buffer.concat([header, content, padding, Buffer.alloc(1024)]));
}

export async function zipWithYazl(entries: { name: string; content?: string; directory?: boolean }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    if (entry.directory) zip.addEmptyDirectory(entry.name);
    else zip.addBuffer(Buffer.from(entry.content ?? ""), entry.name);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface RawZipEntry {
  name: string | Buffer;
  content?: Buffer;
  /** Unix mode including the file type bits, e.g. 0o120777 for a symbolic link. */
  mode?: number;
  deflate?: boolean;
  /** What the headers claim the entry inflates to; the real size when absent. */
  declaredSize?: number;
  crc32?: number;
}

/** A zip file written field by field, so names and sizes can say whatever a test needs. */
export function rawZip(entries: RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.isBuffer(entry.name) ? entry.name : Buffer.from(entry.name, "utf8");
    const content = entry.content ?? Buffer.alloc(0);
    const data = entry.deflate ? deflateRawSync(content) : content;
    const checksum = entry.crc32 ?? crc32(content);
    const size = entry.declaredSize ?? content.length;
    const method = entry.deflate ? 8 : 0;
    const flags = Buffer.isBuffer(entry.name) ? 0 : 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(checksum >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(checksum >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
