// Level-triggered clean-up: whatever is on disk or in the engine for a version that is gone (deleted,
// or Failed) is removed, whichever process deleted it and whether or not a worker was running then.
// Only this control plane's images: another plane's versions are not in this database.
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import type { PrismaClient } from "@rts/db";
import { removeFolder, versionsRoot } from "./version-folder.ts";
import { LABELS } from "../../runtime/container/container-labels.ts";
import { removeVersionImage, VERSION_IMAGE_LABEL, type VersionImageEngine } from "./version-image.ts";

const VERSION_ENTRY = /^(?:\.staging-)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\.upload)?$/;

export async function collectVersionGarbage(options: {
  prisma: PrismaClient;
  dataDir: string;
  engine: VersionImageEngine | undefined;
  logger: Logger;
}): Promise<void> {
  const { prisma, logger } = options;
  const root = versionsRoot(options.dataDir);
  const entries = await readdir(root).catch(() => [] as string[]);
  const onDisk = entries.flatMap((name) => {
    const match = VERSION_ENTRY.exec(name);
    return match ? [{ name, versionId: match[1]!, staging: name.startsWith(".staging-") }] : [];
  });
  const images = options.engine
    ? (await options.engine.docker.listImages({ filters: { label: [VERSION_IMAGE_LABEL, `${LABELS.plane}=${options.engine.planeId}`] } })).flatMap((image) => {
        const versionId = image.Labels?.[VERSION_IMAGE_LABEL];
        return versionId ? [versionId] : [];
      })
    : [];
  const ids = [...new Set([...onDisk.map((entry) => entry.versionId), ...images])];
  if (ids.length === 0) return;
  const states = new Map(
    (await prisma.aiApplicationVersion.findMany({ where: { id: { in: ids } }, select: { id: true, state: true } })).map((v) => [v.id, v.state]),
  );
  for (const entry of onDisk) {
    const state = states.get(entry.versionId);
    // A build in progress owns its staging; a built version owns its folder.
    const kept = entry.staging ? state === "Building" : state === "Normal" || state === "Building";
    if (kept) continue;
    await removeFolder(path.join(root, entry.name));
    logger.info({ versionId: entry.versionId, folder: entry.name }, "removed the files of a version that is gone");
  }
  for (const versionId of images) {
    const state = states.get(versionId);
    if (state === "Normal" || state === "Building") continue;
    await removeVersionImage(options.engine!.docker, versionId).catch((error: unknown) =>
      logger.warn({ err: error, versionId }, "could not remove a deleted version's image"),
    );
  }
}
