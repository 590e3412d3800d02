import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManifestError, readManifest } from "./read-manifest.ts";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "manifest-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(entries: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(entries)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

async function manifestErrors(options?: { maxManifestBytes: number }): Promise<string[]> {
  const error = await readManifest(dir, options).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ManifestError);
  return (error as ManifestError).issues.map((issue) => issue.message);
}

const onnx = JSON.stringify({ runtime: "onnx", model: "model.onnx", labels: "labels.txt" });

describe("readManifest", () => {
  it("reads a manifest at the package root, with defaults applied", async () => {
    await files({ "rts-model.json": onnx, "model.onnx": "m", "labels.txt": "cat\ndog\n" });
    const { manifest, packageRoot } = await readManifest(dir);
    expect(packageRoot).toBe(dir);
    expect(manifest).toMatchObject({ runtime: "onnx", model: "model.onnx", labels: "labels.txt", healthPath: "/health", args: [], websocket: false });
  });

  it('finds the package in its single top folder ("tar czf pkg.tgz mymodel/"), ignoring a __MACOSX folder', async () => {
    await files({ "mymodel/rts-model.json": JSON.stringify({ runtime: "custom", entry: "server.mjs" }), "mymodel/server.mjs": "", "__MACOSX/._x": "" });
    const { manifest, packageRoot } = await readManifest(dir);
    expect(packageRoot).toBe(join(dir, "mymodel"));
    expect(manifest.entry).toBe("server.mjs");
  });

  it("R15 says where the manifest is missing", async () => {
    await files({ "a/rts-model.json": onnx, "b/model.onnx": "m" });
    expect(await manifestErrors()).toEqual([
      "rts-model.json: the package has no manifest at its root (nor inside a single top folder); add rts-model.json next to the model files.",
    ]);
  });

  it("R15 gives the line and column of a JSON syntax error", async () => {
    await files({ "rts-model.json": '{\n  "runtime": "onnx"\n  "model": "model.onnx"\n}' });
    expect(await manifestErrors()).toEqual([
      "rts-model.json: not valid JSON at line 3, column 3 (Expected ',' or '}' after property value); fix the syntax, e.g. a missing comma or quote.",
    ]);
    await files({ "rts-model.json": '{"runtime": ' });
    expect((await manifestErrors())[0]).toContain("line 1, column 13 (Unexpected end of the file)");
  });

  it("R15 reports every invalid field at once, each under its name", async () => {
    await files({ "rts-model.json": JSON.stringify({ runtime: "python", healthPath: "health", websocket: "yes", extra: 1 }) });
    const errors = await manifestErrors();
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rts-model\.json: runtime: runtime must be "onnx"/),
        expect.stringMatching(/^rts-model\.json: healthPath: healthPath must be a path such as "\/health"/),
        expect.stringMatching(/^rts-model\.json: websocket: websocket must be true or false\./),
        expect.stringMatching(/^rts-model\.json: .*extra/),
      ]),
    );
  });

  it("R15 names the manifest field whose rule failed", async () => {
    await files({ "rts-model.json": JSON.stringify({ runtime: "custom", model: "../model.onnx" }) });
    expect(await manifestErrors()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rts-model\.json: model: model must be a relative path inside the package/),
      ]),
    );
  });

  it("R15 names each file the manifest points to that is missing or not a file", async () => {
    await files({ "rts-model.json": onnx, "labels.txt/inner": "" });
    expect(await manifestErrors()).toEqual([
      'rts-model.json: model: "model.onnx" is not in the package; add the file or correct the path (it is relative to rts-model.json).',
      'rts-model.json: labels: "labels.txt" is a folder, not a file; name the file itself.',
    ]);
  });

  it("S45 refuses a manifest or labels file over the size cap without reading it whole", async () => {
    await files({ "rts-model.json": JSON.stringify({ runtime: "onnx", model: "model.onnx", description: "x".repeat(200) }), "model.onnx": "m" });
    expect(await manifestErrors({ maxManifestBytes: 100 })).toEqual(["rts-model.json: the manifest is larger than 100 bytes; keep only the settings in it."]);
    await files({ "rts-model.json": onnx, "labels.txt": "label\n".repeat(40) });
    expect(await manifestErrors({ maxManifestBytes: 100 })).toEqual(['rts-model.json: labels: "labels.txt" is larger than 100 bytes; keep one short label per line.']);
  });

  it("R15 refuses a manifest that is not UTF-8 text", async () => {
    await writeFile(join(dir, "rts-model.json"), Buffer.from([0x7b, 0xff, 0x7d]));
    expect(await manifestErrors()).toEqual(["rts-model.json: the manifest is not UTF-8 text; save it as UTF-8."]);
  });
});
