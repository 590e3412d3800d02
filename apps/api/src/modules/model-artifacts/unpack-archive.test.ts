import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ArchiveRefusedError, type ArchiveRefusalReason } from "./archive-refused-error.ts";
import { unpackArchive } from "./unpack-archive.ts";
import type { UnpackLimits } from "./unpack-limits.ts";
import { rawTarGz, rawZip, tarGz, zipWithYazl } from "./test-archives.ts";

let sources: string;
let parent: string;
let target: string;

beforeEach(async () => {
  sources = await mkdtemp(join(tmpdir(), "archives-"));
  parent = await mkdtemp(join(tmpdir(), "unpack-"));
  target = join(parent, "package");
});

afterEach(async () => {
  await rm(sources, { recursive: true, force: true });
  await rm(parent, { recursive: true, force: true });
});

async function saved(archive: Buffer): Promise<string> {
  const file = join(sources, "upload");
  await writeFile(file, archive);
  return file;
}

async function expectRefused(archive: Buffer, reason: ArchiveRefusalReason, message: string, limits: Partial<UnpackLimits> = {}) {
  const error = await unpackArchive(await saved(archive), target, { archiveName: "model.pkg", limits }).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ArchiveRefusedError);
  expect((error as ArchiveRefusedError).reason).toBe(reason);
  expect((error as ArchiveRefusedError).message).toContain(message);
  expect(await readdir(parent)).toEqual([]);
}

const file = (name: string, content = "x") => ({ name, content });
const modeOf = async (path: string) => (await stat(path)).mode & 0o7777;

describe("unpackArchive: packages that unpack", () => {
  it("unpacks a .tar.gz whose files sit at its root, files 0644 and folders 0755", async () => {
    const archive = await tarGz([file("rts-model.json", "{}"), { name: "lib", type: "directory" }, file("lib/server.mjs", "ok")]);
    await unpackArchive(await saved(archive), target);
    expect((await readdir(target)).sort()).toEqual(["lib", "rts-model.json"]);
    expect(await readFile(join(target, "lib/server.mjs"), "utf8")).toBe("ok");
    expect(await modeOf(join(target, "rts-model.json"))).toBe(0o644);
    expect(await modeOf(join(target, "lib"))).toBe(0o755);
  });

  it('unpacks a .tgz made by "tar czf pkg.tgz mymodel/" (one top folder, "./" prefixes accepted)', async () => {
    const archive = await tarGz([{ name: "mymodel/", type: "directory" }, file("mymodel/rts-model.json", "{}"), file("./mymodel/model.onnx", "m")]);
    await unpackArchive(await saved(archive), target);
    expect((await readdir(join(target, "mymodel"))).sort()).toEqual(["model.onnx", "rts-model.json"]);
  });

  it("unpacks a .zip written by a real zip writer, detected by its bytes whatever it is called", async () => {
    const archive = await zipWithYazl([{ name: "pkg/", directory: true }, { name: "pkg/rts-model.json", content: "{}" }, { name: "pkg/a/b.txt", content: "b" }]);
    await unpackArchive(await saved(archive), target, { archiveName: "model.tgz" });
    expect(await readFile(join(target, "pkg/a/b.txt"), "utf8")).toBe("b");
    expect(await modeOf(join(target, "pkg/a"))).toBe(0o755);
  });

  it("never unpacks into a folder that already exists, and leaves that folder as it was", async () => {
    await mkdir(target);
    await writeFile(join(target, "keep.txt"), "mine");
    await expect(unpackArchive(await saved(await tarGz([file("keep.txt", "theirs")])), target)).rejects.toThrow(/EEXIST/);
    expect(await readFile(join(target, "keep.txt"), "utf8")).toBe("mine");
  });

  it("unpacks from a stream and leaves no copy of it behind", async () => {
    const archive = await tarGz([file("rts-model.json", "{}")]);
    await unpackArchive(Readable.from([archive.subarray(0, 10), archive.subarray(10)]), target);
    expect(await readdir(parent)).toEqual(["package"]);
    expect(await readdir(target)).toEqual(["rts-model.json"]);
  });
});

describe("unpackArchive: hostile archives are refused and leave nothing behind", () => {
  it.each([
    ["tar, absolute path", () => tarGz([file("/etc/cron.d/evil")]), "absolute-path", '"/etc/cron.d/evil" is an absolute path'],
    ["tar, .. segment", () => tarGz([file("../evil.sh")]), "parent-segment", 'climbs out of the package with ".."'],
    ["tar, .. in the middle", () => tarGz([file("pkg/../../evil.sh")]), "parent-segment", '"pkg/../../evil.sh"'],
    ["tar, long name in a PAX record", () => tarGz([file(`${"a".repeat(120)}/../../evil.sh`)]), "parent-segment", 'climbs out of the package with ".."'],
    ["tar, Windows drive", () => tarGz([file("C:/Windows/evil.dll")]), "windows-path", "Windows drive letter"],
    ["tar, backslashes", () => tarGz([file("pkg\\..\\..\\evil.sh")]), "windows-path", "backslashes"],
    ["zip-slip", async () => rawZip([{ name: "../../evil.sh", content: Buffer.from("x") }]), "parent-segment", '"../../evil.sh"'],
    ["zip, absolute path", async () => rawZip([{ name: "/tmp/evil", content: Buffer.from("x") }]), "absolute-path", "absolute path"],
    ["zip, Windows path", async () => rawZip([{ name: "..\\evil.bat", content: Buffer.from("x") }]), "windows-path", "backslashes"],
  ] as const)("S41 refuses paths that leave the package (%s)", async (_case, build, reason, message) => {
    await expectRefused(await build(), reason, message);
  });

  it.each([
    ["tar symbolic link", () => tarGz([{ name: "model.onnx", type: "symlink", linkname: "/etc/shadow" }]), "is a symbolic link"],
    ["tar hard link", () => tarGz([file("a"), { name: "b", type: "link", linkname: "a" }]), "is a hard link"],
    ["zip symbolic link", async () => rawZip([{ name: "model.onnx", content: Buffer.from("/etc/shadow"), mode: 0o120777 }]), "is a symbolic link"],
  ] as const)("S42 refuses links (%s)", async (_case, build, message) => {
    await expectRefused(await build(), "link", message);
  });

  it.each([
    ["tar character device", () => tarGz([{ name: "null", type: "character-device" }]), "is a device file"],
    ["tar block device", () => tarGz([{ name: "sda", type: "block-device" }]), "is a device file"],
    ["tar FIFO", () => tarGz([{ name: "pipe", type: "fifo" }]), "is a named pipe (FIFO)"],
    ["zip FIFO", async () => rawZip([{ name: "pipe", mode: 0o010644 }]), "is a named pipe (FIFO)"],
    ["zip socket", async () => rawZip([{ name: "sock", mode: 0o140755 }]), "is a socket"],
  ] as const)("S43 refuses device files, FIFOs and sockets (%s)", async (_case, build, message) => {
    await expectRefused(await build(), "special-file", message);
  });

  it("S43 writes files 0644 and folders 0755 whatever modes (setuid, exec) the archive gives", async () => {
    const tar = await tarGz([{ name: "bin", type: "directory", mode: 0o7777 }, { name: "bin/run", content: "x", mode: 0o4755 }]);
    await unpackArchive(await saved(tar), target);
    expect(await modeOf(join(target, "bin/run"))).toBe(0o644);
    expect(await modeOf(join(target, "bin"))).toBe(0o755);
    await rm(target, { recursive: true });
    await unpackArchive(await saved(rawZip([{ name: "run", content: Buffer.from("x"), mode: 0o106777 }])), target);
    expect(await modeOf(join(target, "run"))).toBe(0o644);
  });

  it.each([
    ["tar", () => tarGz([file("a"), file("b"), file("c"), file("d")])],
    ["zip", async () => rawZip(["a", "b", "c", "d"].map((name) => ({ name, content: Buffer.from("x") })))],
  ] as const)("S44 refuses more entries than the limit (%s)", async (_case, build) => {
    await expectRefused(await build(), "too-many-entries", "model.pkg holds more than 3 entries", { maxEntries: 3 });
  });

  it.each([
    ["tar", () => tarGz([file("a", "x".repeat(600)), file("b", "x".repeat(600))])],
    ["zip, deflated", async () => rawZip(["a", "b"].map((name) => ({ name, content: Buffer.alloc(600), deflate: true })))],
    ["zip entry that claims to inflate to 10 bytes", async () => rawZip([{ name: "bomb", content: Buffer.alloc(64 * 1024), deflate: true, declaredSize: 10 }])],
  ] as const)("S45 refuses an archive bomb, counted on the bytes actually inflated (%s)", async (_case, build) => {
    await expectRefused(await build(), "too-large", "model.pkg unpacks to more than 1000 bytes", { maxUnpackedBytes: 1000 });
  });

  it("S45 refuses a gzip bomb of tar blocks that hold no file at all", async () => {
    await expectRefused(gzipSync(Buffer.alloc(4 * 1024 * 1024)), "too-large", "model.pkg inflates to more than 1.0 MiB of tar data", { maxUnpackedBytes: 1000, maxEntries: 0 });
  });

  it.each([
    ["tar", () => tarGz([file("big.onnx", "x".repeat(2048))])],
    ["zip", async () => rawZip([{ name: "big.onnx", content: Buffer.alloc(2048), deflate: true }])],
  ] as const)("S46 refuses a single entry over the per-file cap (%s)", async (_case, build) => {
    await expectRefused(await build(), "entry-too-large", 'entry "big.onnx" unpacks to more than 1 KiB', { maxEntryBytes: 1024 });
  });

  it.each([
    ["tar, same name twice", () => tarGz([file("model.onnx"), file("model.onnx")]), "appears twice"],
    ["tar, same path spelled with ./", () => tarGz([file("model.onnx"), file("./model.onnx")]), "appears twice"],
    ["tar, a file and a folder of one name", () => tarGz([file("lib"), file("lib/x.js")]), "also holds as a file"],
    ["zip, same name twice", async () => rawZip([{ name: "m", content: Buffer.from("1") }, { name: "m", content: Buffer.from("2") }]), "appears twice"],
  ] as const)("S47 refuses duplicate entries (%s)", async (_case, build, message) => {
    await expectRefused(await build(), "duplicate", message);
  });

  it.each([
    ["tar, invalid UTF-8", async () => rawTarGz(Buffer.from([0x6d, 0xff, 0xfe, 0x2e, 0x6a, 0x73]), Buffer.from("x")), "is not valid UTF-8"],
    ["zip, invalid UTF-8", async () => rawZip([{ name: Buffer.from([0x6d, 0xc3, 0x28]), content: Buffer.from("x") }]), "is not valid UTF-8"],
    ["tar, newline in the name", () => tarGz([file("model\n.onnx")]), 'entry "model\\n.onnx" has control characters'],
    ["zip, bell in the name", async () => rawZip([{ name: "model\u0007.onnx", content: Buffer.from("x") }]), "has control characters"],
  ] as const)("S48 refuses names that are not valid UTF-8 or hold control characters (%s)", async (_case, build, message) => {
    await expectRefused(await build(), "bad-name", message);
  });

  it("S49 refuses a file that is neither gzip nor zip, naming it", async () => {
    const error = await unpackArchive(await saved(Buffer.from("ONNX model bytes")), target, { archiveName: "model.bin" }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ reason: "not-an-archive", message: "model.bin is not a .tar.gz or .zip archive; upload the model package as one of those." });
    expect(await readdir(parent)).toEqual([]);
    await expectRefused(Buffer.alloc(0), "not-an-archive", "is not a .tar.gz or .zip archive");
  });

  it("S49 refuses a stream that is no archive and leaves neither the folder nor the stream's copy", async () => {
    const error = await unpackArchive(Readable.from([Buffer.from("not an archive")]), target, { archiveName: "model.bin" }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ reason: "not-an-archive" });
    expect(await readdir(parent)).toEqual([]);
  });

  it.each([
    ["truncated .tar.gz", async () => (await tarGz([file("rts-model.json", "x".repeat(5000))])).subarray(0, 60)],
    ["gzip that holds no tar", async () => gzipSync(Buffer.alloc(2048, 7))],
    ["truncated .zip", async () => rawZip([{ name: "a", content: Buffer.alloc(100, 1) }]).subarray(0, 80)],
    ["zip whose bytes do not match their checksum", async () => rawZip([{ name: "a", content: Buffer.from("abc"), crc32: 1234 }])],
    ["zip entry that inflates to more than it claims", async () => rawZip([{ name: "a", content: Buffer.alloc(100), deflate: true, declaredSize: 10 }])],
  ] as const)("S49 refuses a truncated or corrupt archive (%s)", async (_case, build) => {
    await expectRefused(await build(), "corrupt", "corrupt");
  });
});
