import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ArtifactNotFoundError, InvalidArtifactKeyError } from "./artifact-store.ts";
import { LocalArtifactStore } from "./local-artifact-store.ts";
import { generatedStream, sha256Of } from "./test-streams.ts";

let dataDir: string;
let store: LocalArtifactStore;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "artifacts-"));
  store = new LocalArtifactStore(join(dataDir, "artifacts"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("LocalArtifactStore", () => {
  it("stores a stream under its key with its size and SHA-256, readable by its owner only", async () => {
    const expected = await sha256Of(generatedStream(300_000));
    expect(await store.put("versions/v1/package.tgz", generatedStream(300_000))).toEqual(expected);
    expect(await store.exists("versions/v1/package.tgz")).toBe(true);
    expect(await sha256Of(await store.open("versions/v1/package.tgz"))).toEqual(expected);
    expect((await stat(join(dataDir, "artifacts/versions/v1/package.tgz"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, "artifacts/versions/v1"))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dataDir, "artifacts"))).mode & 0o777).toBe(0o700);
    await store.delete("versions/v1/package.tgz");
    expect(await store.exists("versions/v1/package.tgz")).toBe(false);
    await expect(store.open("versions/v1/package.tgz")).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });

  it("shows nothing under the key, and keeps no partial file, when the upload fails midway", async () => {
    await expect(store.put("versions/v2/package.tgz", generatedStream(1_000_000, { failAfter: 500_000 }))).rejects.toThrow("the client went away");
    expect(await store.exists("versions/v2/package.tgz")).toBe(false);
    expect(await readdir(join(dataDir, "artifacts/.incoming"))).toEqual([]);
  });

  it.each(["../escape.tgz", "/etc/passwd", "versions/../../escape", ".incoming/x", "versions//x", "versions/v1/", "a\\b", "versions/./x", ""])(
    "S41 refuses the key %j, so no key can leave the artifacts folder",
    async (key) => {
      await expect(store.put(key, generatedStream(1))).rejects.toBeInstanceOf(InvalidArtifactKeyError);
      await expect(store.open(key)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
      expect(await readdir(dataDir)).toEqual([]);
    },
  );
});
