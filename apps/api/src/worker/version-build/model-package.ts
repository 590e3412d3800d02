// A model package: an archive unpacked by modules/model-artifacts (which refuses hostile entries),
// with rts-model.json at its top or inside its single top folder, checked with the shared schema.
import path from "node:path";
import type { Readable } from "node:stream";
import type { ModelPackageManifest } from "@rts/contracts";
import { ArchiveRefusedError, ManifestError, readManifest, unpackArchive } from "../../modules/model-artifacts/index.ts";
import { BuildRefusal } from "./build-refusal.ts";

export interface UnpackedPackage {
  manifest: ModelPackageManifest;
  /** The folder holding the manifest, relative to the unpack target ("" at its top). */
  root: string;
}

/** Unpacks `archive` into `target` (which must not exist) and reads its manifest; a person's mistake is a BuildRefusal. */
export async function unpackModelPackage(archive: Readable, archiveName: string, target: string): Promise<UnpackedPackage> {
  try {
    await unpackArchive(archive, target, { archiveName });
    const { manifest, packageRoot } = await readManifest(target);
    return { manifest, root: path.relative(target, packageRoot) };
  } catch (error) {
    if (error instanceof ArchiveRefusedError || error instanceof ManifestError) throw new BuildRefusal(error.message);
    throw error;
  }
}
