import { BuildRefusal } from "./build-refusal.ts";
import type { VersionImageEngine } from "./version-image.ts";

/**
 * A registered image must already be in the engine: nothing is pulled (no registry is reachable
 * here, and a pull would let a tag's owner change the version later). Returns the image's id.
 */
export async function resolveRegisteredImage(engine: VersionImageEngine | undefined, reference: string): Promise<string> {
  if (!engine) {
    throw new BuildRefusal(
      `Container image versions need the container runtime, and this platform runs models as local processes (no Docker or Podman engine answered when it started). Start an engine and restart the platform, or upload a model package instead.`,
    );
  }
  const inspected = await engine.docker
    .getImage(reference)
    .inspect()
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode === 404) return null;
      throw error;
    });
  if (!inspected) {
    throw new BuildRefusal(`Image "${reference}" is not in the container engine. Build or load it there first (docker build / podman load); images are not pulled.`);
  }
  return inspected.Id;
}
