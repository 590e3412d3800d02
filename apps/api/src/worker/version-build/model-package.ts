import type { ModelPackageManifest } from "@rts/contracts";

export interface UnpackedPackage {
  manifest: ModelPackageManifest;
  /** The folder holding the manifest, relative to the unpack target ("" at its top). */
  root: string;
}

/**
 * Unpacks an uploaded package into `target` with the archive limits and reads its manifest;
 * throws BuildRefusal naming the entry or the manifest fields that are wrong.
 */
export async function unpackModelPackage(_archive: string, _kind: "tar" | "zip", _target: string): Promise<UnpackedPackage> {
  throw new Error("model packages are unpacked by modules/model-artifacts, which this build does not have yet");
}
