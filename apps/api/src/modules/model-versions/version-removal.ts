import type { FastifyBaseLogger } from "fastify";
import type { ArtifactStore } from "../model-artifacts/index.ts";
import { storedArtifactKey } from "./artifact-keys.ts";

/**
 * Removes deleted versions' uploads from storage. Best effort: the rows are gone already, and a
 * file left behind is logged rather than undoing the delete. Unpacked folders and version images
 * are the worker's to collect (version-garbage.ts), since only it has the engine and the data dir.
 */
export async function removeVersionFiles(
  store: ArtifactStore,
  versions: ReadonlyArray<{ id: string; artifact: unknown }>,
  log: FastifyBaseLogger,
): Promise<void> {
  for (const version of versions) {
    const key = storedArtifactKey(version.artifact);
    if (!key) continue;
    await store.delete(key).catch((error: unknown) => log.warn({ err: error, versionId: version.id }, "could not remove a deleted version's upload"));
  }
}
