import type { AppVersion, Flavor, Pool, PoolCapacity } from "@rts/contracts";

// The public pool has no fixed size here; R12 (quota) is what bounds public deployments.
export const PUBLIC_POOL_FREE_NODES = 1_000_000;

interface SpecificationRow {
  id: string;
  name: string;
  kind: "CPU" | "GPU";
  vcpus: number;
  memoryGiB: number;
  gpus: number;
  available: boolean;
  free: boolean;
  inPublicPool: boolean;
  pricePerHourCents: number;
}

export function toFlavor(row: SpecificationRow): Flavor {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    vcpus: row.vcpus,
    memoryGiB: row.memoryGiB,
    gpus: row.gpus,
    available: row.available,
    free: row.free,
    inPublicPool: row.inPublicPool,
    pricePerHourCents: row.pricePerHourCents,
  };
}

interface PoolRow {
  id: string;
  name: string;
  type: "PUBLIC" | "DEDICATED";
  flavorId: string | null;
  nodeCount: number;
  generation: "old" | "new" | null;
  state: Pool["state"];
}

export function toPool(
  row: PoolRow,
  context: { publicFlavorIds: string[]; usedNodes: number; publicCapacity?: PoolCapacity | null },
): Pool {
  if (row.type === "PUBLIC") {
    return {
      id: row.id,
      name: row.name,
      type: "public",
      flavorIds: context.publicFlavorIds,
      nodeCount: 0,
      freeNodes: PUBLIC_POOL_FREE_NODES,
      generation: null,
      state: row.state,
      ...(context.publicCapacity ? { capacity: context.publicCapacity } : {}),
    };
  }
  return {
    id: row.id,
    name: row.name,
    type: "dedicated",
    flavorIds: row.flavorId ? [row.flavorId] : [],
    nodeCount: row.nodeCount,
    freeNodes: Math.max(0, row.nodeCount - context.usedNodes),
    generation: row.generation,
    state: row.state,
  };
}

interface VersionRow {
  id: string;
  applicationId: string;
  version: string;
  state: AppVersion["state"];
  source: AppVersion["source"];
  websocket: boolean;
  application: { name: string };
}

export function toAppVersion(row: VersionRow): AppVersion {
  return {
    id: row.id,
    applicationId: row.applicationId,
    applicationName: row.application.name,
    version: row.version,
    state: row.state,
    source: row.source,
    websocket: row.websocket,
  };
}
