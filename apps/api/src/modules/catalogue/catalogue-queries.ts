import type { AppVersion, DeployContext, Flavor, Pool, Quota } from "@rts/contracts";
import type { DbClient } from "../db-client.ts";
import type { RuntimeCapacity } from "../../runtime/runtime-driver.ts";
import { toAppVersion, toFlavor, toPool } from "./catalogue-mappers.ts";
import { publicPoolCapacity, usableOnRuntime } from "./runtime-capacity.ts";

/** `capacity` is what the runtime has, when known: flavors it can't run are gray (R6). */
export async function listFlavors(db: DbClient, capacity: RuntimeCapacity | null = null): Promise<Flavor[]> {
  const rows = await db.specification.findMany({ orderBy: [{ sortOrder: "asc" }, { id: "asc" }] });
  return rows.map((row) => toFlavor({ ...row, available: usableOnRuntime(row, capacity) }));
}

/** Nodes of each of the user's dedicated pools taken by services (a multi-pool service takes half in each). */
export async function usedNodesByPool(db: DbClient, userId: string): Promise<Map<string, number>> {
  const placements = await db.servicePool.findMany({
    where: { pool: { ownerId: userId } },
    select: {
      poolId: true,
      service: { select: { multiPoolLoadBalancing: true, configurations: { select: { computeNodes: true } } } },
    },
  });
  const used = new Map<string, number>();
  for (const placement of placements) {
    const nodes = placement.service.configurations.reduce((sum, c) => sum + c.computeNodes, 0);
    const share = placement.service.multiPoolLoadBalancing ? Math.ceil(nodes / 2) : nodes;
    used.set(placement.poolId, (used.get(placement.poolId) ?? 0) + share);
  }
  return used;
}

/** The public pool and the user's own dedicated pools, never anybody else's. */
export async function listPoolsForUser(
  db: DbClient,
  userId: string,
  flavors?: Flavor[],
  capacity: RuntimeCapacity | null = null,
): Promise<Pool[]> {
  // Sequential on purpose: these also run inside interactive transactions, which own one connection.
  const rows = await db.resourcePool.findMany({
    where: { OR: [{ type: "PUBLIC" }, { ownerId: userId }] },
    orderBy: [{ type: "asc" }, { createdAt: "asc" }], // PUBLIC before DEDICATED (enum order)
  });
  const used = await usedNodesByPool(db, userId);
  const allFlavors = flavors ?? (await listFlavors(db, capacity));
  const publicFlavorIds = allFlavors.filter((f) => f.inPublicPool).map((f) => f.id);
  const publicCapacity = capacity ? await publicPoolCapacity(db, capacity) : null;
  return rows.map((row) => toPool(row, { publicFlavorIds, usedNodes: used.get(row.id) ?? 0, publicCapacity }));
}

export async function listVersionsForUser(db: DbClient, userId: string): Promise<AppVersion[]> {
  const rows = await db.aiApplicationVersion.findMany({
    where: { application: { ownerId: userId } },
    include: { application: { select: { name: true } } },
    orderBy: [{ application: { name: "asc" } }, { createdAt: "asc" }],
  });
  return rows.map(toAppVersion);
}

export async function readQuota(db: DbClient, userId: string): Promise<Quota> {
  const row = await db.quota.findUnique({ where: { userId } });
  return {
    limit: { vcpus: row?.vcpuLimit ?? 0, memoryGiB: row?.memoryGiBLimit ?? 0, gpus: row?.gpuLimit ?? 0 },
    used: { vcpus: row?.vcpuUsed ?? 0, memoryGiB: row?.memoryGiBUsed ?? 0, gpus: row?.gpuUsed ?? 0 },
  };
}

/** Everything the deploy rules need to judge a request for this user, read in one go. */
export async function loadDeployContext(db: DbClient, userId: string, capacity: RuntimeCapacity | null = null): Promise<DeployContext> {
  // Sequential on purpose: this runs inside the deploy transaction, which owns one connection.
  const flavors = await listFlavors(db, capacity);
  const services = await db.service.findMany({ where: { ownerId: userId }, select: { name: true } });
  const pools = await listPoolsForUser(db, userId, flavors, capacity);
  const versions = await listVersionsForUser(db, userId);
  const quota = await readQuota(db, userId);
  return {
    serviceCount: services.length,
    existingServiceNames: services.map((s) => s.name),
    flavors,
    pools,
    versions,
    quota,
  };
}
