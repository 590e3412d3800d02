import type { FastifyBaseLogger } from "fastify";
import { storedArtifactKey, type VersionArtifacts } from "./version-artifacts.ts";

/**
 * Removes deleted versions' uploads from storage. Best effort: the rows are gone already, and a
 * file left behind is logged rather than undoing the delete. Unpacked folders and version images
 * are the worker's to collect (version-garbage.ts), since only it has the engine and the data dir.
 */
export async function removeVersionFiles(
  artifacts: VersionArtifacts,
  versions: ReadonlyArray<{ id: string; artifact: unknown }>,
  log: FastifyBaseLogger,
): Promise<void> {
  for (const version of versions) {
    const key = storedArtifactKey(version.artifact);
    if (!key) continue;
    await artifacts.remove(key).catch((error: unknown) => log.warn({ err: error, versionId: version.id }, "could not remove a deleted version's upload"));
  }
}
