// An uploaded model package or ONNX file becomes a folder under <dataDir>/versions/<versionId>/
// (and, where containers run, an image with that folder at /model), then its server is tried once.
// Whatever fails on the way removes what the build made, so a Failed version leaves nothing behind.
import { createWriteStream } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import path from "node:path";
import type { InferenceProtocol, ModelPackageManifest } from "@rts/contracts";
import type { ModelServerSpec } from "@rts/db";
import { formatBytes } from "../../modules/model-versions/byte-size.ts";
import { storedArtifactKey } from "../../modules/model-versions/artifact-keys.ts";
import { CONTAINER_PORT } from "../../runtime/container/container-driver.ts";
import type { BuildContext, BuiltVersion, VersionToBuild } from "./built-version.ts";
import { unpackModelPackage } from "./model-package.ts";
import { describeOnnxModel, ONNX_SERVER_ENTRY, type OnnxDescription } from "./onnx-description.ts";
import { folderSize, makeWorldReadable, removeFolder, stagingFolder, versionFolder } from "./version-folder.ts";
import { buildVersionImage, IMAGE_MODEL_DIR, removeVersionImage, versionImageTag } from "./version-image.ts";

/** The name an uploaded .onnx file gets in its version folder. */
const MODEL_FILE_NAME = "model.onnx";

interface Layout {
  manifest: ModelPackageManifest;
  /** The manifest's folder relative to the version folder ("" for its top). */
  root: string;
}

function uploadedFile(artifact: unknown): { key: string; fileName: string } {
  const key = storedArtifactKey(artifact);
  const fileName = (artifact as { fileName?: unknown } | null)?.fileName;
  if (!key || typeof fileName !== "string") throw new Error("the version records no stored upload");
  return { key, fileName };
}

/** The arguments of the built-in ONNX runtime's server for a model in `dir`. */
function onnxArgs(dir: string, layout: Layout, version: VersionToBuild): string[] {
  return [
    "--model",
    path.posix.join(dir, layout.manifest.model ?? MODEL_FILE_NAME),
    ...(layout.manifest.labels ? ["--labels", path.posix.join(dir, layout.manifest.labels)] : []),
    "--model-name",
    version.applicationName,
    "--model-version",
    version.version,
  ];
}

/** Puts the upload's files into `staging` (which must not exist yet) and says how they are laid out. */
async function place(context: BuildContext, version: VersionToBuild, key: string, staging: string, fileName: string): Promise<Layout> {
  const upload = await context.artifacts.open(key);
  if (version.source === "model_file") {
    await mkdir(staging, { mode: 0o700 });
    await pipeline(upload, createWriteStream(path.join(staging, MODEL_FILE_NAME), { flags: "wx", mode: 0o600 }));
    return { manifest: { runtime: "onnx", model: MODEL_FILE_NAME, args: [], healthPath: "/health", websocket: false, websocketOnly: false }, root: "" };
  }
  const unpacked = await unpackModelPackage(upload, fileName, staging);
  const size = await folderSize(staging);
  await context.note("unpacked", `Unpacked ${size.files} ${size.files === 1 ? "file" : "files"}, ${formatBytes(size.bytes)}.`);
  return unpacked;
}

export async function buildUploadedVersion(context: BuildContext, version: VersionToBuild): Promise<BuiltVersion> {
  const { key, fileName } = uploadedFile(version.artifact);
  const staging = stagingFolder(context.dataDir, version.id);
  const final = versionFolder(context.dataDir, version.id);
  let imageBuilt = false;
  await removeFolder(staging);
  try {
    const layout = await place(context, version, key, staging, fileName);
    const { manifest } = layout;
    const onnx = manifest.runtime === "onnx";
    let description: OnnxDescription | undefined;
    if (onnx) {
      const modelFile = path.join(staging, layout.root, manifest.model ?? MODEL_FILE_NAME);
      const labelsFile = manifest.labels ? path.join(staging, layout.root, manifest.labels) : undefined;
      description = await describeOnnxModel(modelFile, version.source === "model_file" ? fileName : (manifest.model ?? MODEL_FILE_NAME), labelsFile);
      const { inputs, outputs } = description.metadata;
      await context.note("checking", `ONNX model: ${inputs.length} ${inputs.length === 1 ? "input" : "inputs"} (${inputs.map((t) => t.name).join(", ")}), ${outputs.length} ${outputs.length === 1 ? "output" : "outputs"} (${outputs.map((t) => t.name).join(", ")}).`);
    }
    if (version.source === "model_file") {
      const size = await folderSize(staging);
      await context.note("unpacked", `Stored ${fileName} as ${MODEL_FILE_NAME}, ${formatBytes(size.bytes)}.`);
    }
    await makeWorldReadable(staging);
    await removeFolder(final);
    await rename(staging, final);

    const localRoot = path.join(final, layout.root);
    // In an image the package's root (where its manifest is) is MODEL_DIR itself.
    const imageRoot = IMAGE_MODEL_DIR;
    let modelServer: ModelServerSpec;
    if (context.engine) {
      const command = onnx ? [`/app/${ONNX_SERVER_ENTRY}`, ...onnxArgs(imageRoot, layout, version)] : [path.posix.join(imageRoot, manifest.entry!), ...manifest.args];
      const imageId = await buildVersionImage(context.engine, version.id, localRoot, command, imageRoot);
      imageBuilt = true;
      await context.note("image-built", `Image ${versionImageTag(version.id)} built (${imageId}).`);
      modelServer = { image: imageId, port: CONTAINER_PORT, modelDir: imageRoot };
    } else {
      modelServer = onnx
        ? { entry: ONNX_SERVER_ENTRY, args: onnxArgs(localRoot, layout, version), modelDir: localRoot }
        : { entry: path.join(localRoot, manifest.entry!), args: manifest.args, modelDir: localRoot };
    }
    const server = onnx ? "The ONNX runtime" : `The package's server (${manifest.entry})`;
    await context.trials.run(
      {
        ownerId: version.ownerId,
        entry: modelServer.entry ?? "",
        args: modelServer.args ?? [],
        ...(modelServer.image ? { image: modelServer.image } : {}),
        ...(modelServer.port ? { port: modelServer.port } : {}),
        ...(modelServer.modelDir ? { modelDir: modelServer.modelDir } : {}),
        healthPath: manifest.healthPath,
        modelName: version.applicationName,
        modelVersion: version.version,
      },
      server,
      { readyWithinMs: context.readyWithinMs },
    );
    const protocol: InferenceProtocol = manifest.protocol ?? (onnx ? "oip-v2" : "rts-json");
    const exampleRequest = manifest.exampleRequest ?? description?.exampleRequest;
    return {
      runtime: manifest.runtime,
      protocol,
      healthPath: manifest.healthPath,
      websocket: manifest.websocket,
      websocketOnly: manifest.websocketOnly,
      modelServer,
      ...(exampleRequest ? { exampleRequest } : {}),
      ...(manifest.inputSchema ? { inputSchema: manifest.inputSchema } : {}),
      ...(description ? { modelMetadata: description.metadata } : {}),
      summary: `Normal: ${server.charAt(0).toLowerCase()}${server.slice(1)} answered ${manifest.healthPath} in its trial start (${protocol}).`,
    };
  } catch (error) {
    await removeFolder(staging);
    await removeFolder(final);
    if (imageBuilt && context.engine) await removeVersionImage(context.engine.docker, version.id).catch(() => {});
    throw error;
  }
}
