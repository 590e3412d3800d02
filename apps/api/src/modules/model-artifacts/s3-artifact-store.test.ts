import S3rver from "@20minutes/s3rver";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ArtifactNotFoundError, InvalidArtifactKeyError } from "./artifact-store.ts";
import { receiveUpload, UploadTooLargeError } from "./receive-upload.ts";
import { S3ArtifactStore } from "./s3-artifact-store.ts";
import { generatedStream, sha256Of } from "./test-streams.ts";

// A real S3-compatible server on loopback, so the SDK's signing, multipart upload and abort run for real.
let server: S3rver;
let folder: string;
let store: S3ArtifactStore;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "s3rver-"));
  server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: folder, configureBuckets: [{ name: "artifacts" }] });
  const { port } = await server.run();
  vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "S3RVER");
  store = new S3ArtifactStore({ bucket: "artifacts", endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", forcePathStyle: true });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  await rm(folder, { recursive: true, force: true });
});

describe("S3ArtifactStore", () => {
  it("streams a file larger than one part up as a multipart upload, reads it back, then deletes it", async () => {
    const size = 20 * 1024 * 1024 + 123;
    const expected = await sha256Of(generatedStream(size));
    const stored = await store.put("versions/v1/package.tgz", generatedStream(size));
    expect(stored).toEqual(expected);
    expect(await store.exists("versions/v1/package.tgz")).toBe(true);
    expect(await sha256Of(await store.open("versions/v1/package.tgz"))).toEqual(expected);
    await store.delete("versions/v1/package.tgz");
    expect(await store.exists("versions/v1/package.tgz")).toBe(false);
  });

  it("stores a small file in one request", async () => {
    expect(await store.put("versions/v2/model.onnx", generatedStream(1000))).toMatchObject({ bytes: 1000 });
    expect((await sha256Of(await store.open("versions/v2/model.onnx"))).bytes).toBe(1000);
  });

  it("leaves no object behind when the upload fails midway", async () => {
    const failing = generatedStream(30 * 1024 * 1024, { failAfter: 12 * 1024 * 1024 });
    await expect(store.put("versions/v3/package.tgz", failing)).rejects.toThrow();
    expect(await store.exists("versions/v3/package.tgz")).toBe(false);
  });

  it("S46 keeps no object of an upload over the limit, even after parts were sent", async () => {
    const upload = generatedStream(30 * 1024 * 1024);
    await expect(receiveUpload(upload, store, "versions/v4/package.tgz", { maxBytes: 18 * 1024 * 1024 })).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(upload.destroyed).toBe(true);
    expect(await store.exists("versions/v4/package.tgz")).toBe(false);
  });

  it("says when nothing is stored under a key", async () => {
    await expect(store.open("versions/missing/package.tgz")).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(store.delete("versions/missing/package.tgz")).resolves.toBeUndefined();
  });

  it("S41 refuses keys that could name another object's path", async () => {
    await expect(store.put("../other/package.tgz", generatedStream(1))).rejects.toBeInstanceOf(InvalidArtifactKeyError);
  });
});
