import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalArtifactStore } from "./local-artifact-store.ts";
import { receiveUpload, UploadTooLargeError } from "./receive-upload.ts";
import { generatedStream, sha256Of } from "./test-streams.ts";

const MiB = 1024 * 1024;
let dataDir: string;
let store: LocalArtifactStore;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "uploads-"));
  store = new LocalArtifactStore(join(dataDir, "artifacts"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("receiveUpload", () => {
  it("stores an upload within the limit and reports its size and SHA-256", async () => {
    const expected = await sha256Of(generatedStream(3 * MiB));
    expect(await receiveUpload(generatedStream(3 * MiB), store, "versions/v1/model.onnx", { maxBytes: 3 * MiB })).toEqual(expected);
    expect(await store.exists("versions/v1/model.onnx")).toBe(true);
  });

  it("S46 stops reading an upload over the limit at once, keeps none of it, and says which field and why", async () => {
    let read = 0;
    const upload = generatedStream(10 * MiB, { onChunk: (bytes) => (read += bytes) });
    const error = await receiveUpload(upload, store, "versions/v2/model.onnx", { maxBytes: 2 * MiB }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect(error).toMatchObject({ field: "file", maxBytes: 2 * MiB });
    expect((error as Error).message).toMatch(/^The file is larger than 2 MiB, /);
    expect(new UploadTooLargeError(512 * MiB).message).toMatch(/^The file is larger than 512 MiB, /);
    expect(upload.destroyed).toBe(true);
    expect(read).toBeLessThan(3 * MiB);
    expect(await store.exists("versions/v2/model.onnx")).toBe(false);
    expect(await readdir(join(dataDir, "artifacts/.incoming"))).toEqual([]);
  });

  it("S46 never holds the file in memory: a 384 MiB upload over a 256 MiB limit grows the process far less than what it read", async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    try {
      const upload = generatedStream(384 * MiB, { onChunk: () => (peak = Math.max(peak, process.memoryUsage().rss)) });
      await expect(receiveUpload(upload, store, "versions/v3/model.onnx", { maxBytes: 256 * MiB })).rejects.toBeInstanceOf(UploadTooLargeError);
    } finally {
      clearInterval(sampler);
    }
    // Garbage not yet collected accounts for some growth; a buffered file would add all 256 MiB.
    expect(peak - before).toBeLessThan(128 * MiB);
    expect(await store.exists("versions/v3/model.onnx")).toBe(false);
  });
});
