// A model package: an archive unpacked by modules/model-artifacts (which refuses hostile entries),
// with rts-model.json at its top or inside its single top folder (as `tar czf m.tgz my-model/` packs).
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { MODEL_PACKAGE_MANIFEST, MODEL_UPLOAD_LIMITS, ModelPackageManifestSchema, type ModelPackageManifest } from "@rts/contracts";
import { ArchiveRefusedError, unpackArchive } from "../../modules/model-artifacts/index.ts";
import { formatBytes } from "../../modules/model-versions/byte-size.ts";
import { BuildRefusal } from "./build-refusal.ts";

export interface UnpackedPackage {
  manifest: ModelPackageManifest;
  /** The folder holding the manifest, relative to the unpack target ("" at its top). */
  root: string;
}

async function manifestFolder(target: string): Promise<string | null> {
  const top = await readdir(target, { withFileTypes: true });
  if (top.some((entry) => entry.name === MODEL_PACKAGE_MANIFEST && entry.isFile())) return "";
  const folders = top.filter((entry) => entry.isDirectory());
  if (top.length === 1 && folders.length === 1) {
    const inner = path.join(target, folders[0]!.name, MODEL_PACKAGE_MANIFEST);
    if (await stat(inner).then((info) => info.isFile(), () => false)) return folders[0]!.name;
  }
  return null;
}

/** Reads and checks the manifest with the shared schema; every field error is in the reason (R15). */
async function readManifest(file: string): Promise<ModelPackageManifest> {
  const size = (await stat(file)).size;
  if (size > MODEL_UPLOAD_LIMITS.maxManifestBytes) {
    throw new BuildRefusal(`${MODEL_PACKAGE_MANIFEST} is ${formatBytes(size)}; a manifest may be at most ${formatBytes(MODEL_UPLOAD_LIMITS.maxManifestBytes)}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new BuildRefusal(`${MODEL_PACKAGE_MANIFEST} is not valid JSON (${(error as Error).message}).`);
  }
  const parsed = ModelPackageManifestSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
    throw new BuildRefusal(`${MODEL_PACKAGE_MANIFEST} is not valid: ${fields.join(" ")}`);
  }
  return parsed.data;
}

/** Unpacks `archive` into `target` (which must not exist) and reads its manifest. */
export async function unpackModelPackage(archive: Readable, archiveName: string, target: string): Promise<UnpackedPackage> {
  try {
    await unpackArchive(archive, target, { archiveName });
  } catch (error) {
    if (error instanceof ArchiveRefusedError) throw new BuildRefusal(error.message);
    throw error;
  }
  const root = await manifestFolder(target);
  if (root === null) {
    throw new BuildRefusal(`${archiveName} has no ${MODEL_PACKAGE_MANIFEST} at its top (or inside its single top folder); add one that names the runtime.`);
  }
  return { manifest: await readManifest(path.join(target, root, MODEL_PACKAGE_MANIFEST)), root };
}
