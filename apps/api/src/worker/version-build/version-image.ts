// Where the container runtime runs, every built version becomes an image of its own: the runtime
// image (Node, the built-in runtimes) with the version's files at /model. The version records the
// image's id, so what it runs cannot change after it was built (versions are immutable).
import { readdir } from "node:fs/promises";
import path from "node:path";
import type Docker from "dockerode";
import { CONTAINER_MODEL_DIR } from "../../runtime/container/container-driver.ts";
import { LABELS } from "../../runtime/container/container-labels.ts";
import { buildContext, buildImage, type RootfsFile } from "../../runtime/container/model-runtime-image.ts";

export const VERSION_IMAGE_REPOSITORY = "localhost/rts-versions";
/** Where a version's files are inside its image (MODEL_DIR). */
export const IMAGE_MODEL_DIR = CONTAINER_MODEL_DIR;
/** The label that ties an image to its version, for garbage collection. */
export const VERSION_IMAGE_LABEL = "rts.version";

export interface VersionImageEngine {
  docker: Docker;
  /** The runtime image's tag (model-runtime-image.ts ensureRuntimeImage). */
  runtimeImage: string;
  /**
   * This control plane (container-labels.ts): version images carry it, and only this plane's are
   * ever collected, since other planes (other databases) may share the engine.
   */
  planeId: string;
}

export function versionImageTag(versionId: string): string {
  return `${VERSION_IMAGE_REPOSITORY}/${versionId}:latest`;
}

async function filesUnder(dir: string, into: string, files: RootfsFile[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const target = path.posix.join(into, entry.name);
    if (entry.isDirectory()) await filesUnder(full, target, files);
    else if (entry.isFile()) files.push({ source: full, target, mode: 0o644 });
  }
}

/**
 * Builds the version's image from its folder; `command` is what the runtime image's node runs,
 * from `workdir` (the package's root). Returns the image id.
 */
export async function buildVersionImage(
  engine: VersionImageEngine,
  versionId: string,
  folder: string,
  command: readonly string[],
  workdir: string,
): Promise<string> {
  const files: RootfsFile[] = [];
  await filesUnder(folder, IMAGE_MODEL_DIR, files);
  const dockerfile = [
    `FROM ${engine.runtimeImage}`,
    "COPY rootfs/ /",
    `ENV MODEL_DIR=${workdir}`,
    `WORKDIR ${workdir}`,
    `CMD ${JSON.stringify(command)}`,
    `LABEL ${VERSION_IMAGE_LABEL}="${versionId}" ${LABELS.plane}="${engine.planeId}"`,
  ].join("\n");
  const tag = versionImageTag(versionId);
  await buildImage(engine.docker, tag, buildContext(files, dockerfile));
  const inspected = await engine.docker.getImage(tag).inspect();
  return inspected.Id;
}

/** Removes a version's image; an image already gone is fine. */
export async function removeVersionImage(docker: Docker, versionId: string): Promise<void> {
  await docker
    .getImage(versionImageTag(versionId))
    .remove({ force: true })
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
}
