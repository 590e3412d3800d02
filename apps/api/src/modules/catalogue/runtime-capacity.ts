// The public pool is this machine (or the engine behind it): its capacity is what the runtime
// reports, and services that run or are starting hold their flavor x nodes of it. Stopped and
// failed services hold quota (R12) but no machine.
import type { PoolCapacity } from "@rts/contracts";
import type { DbClient } from "../db-client.ts";
import type { RuntimeCapacity } from "../../runtime/runtime-driver.ts";

const HOLDING_STATES = ["Deploying", "Running", "Concerning", "Abnormal", "Stopping"];

export async function publicPoolCapacity(db: DbClient, capacity: RuntimeCapacity): Promise<PoolCapacity> {
  const [used] = await db.$queryRaw<Array<{ vcpus: number; memoryGiB: number }>>`
    SELECT COALESCE(SUM(f.vcpus * c."computeNodes"), 0)::int AS vcpus,
           COALESCE(SUM(f."memoryGiB" * c."computeNodes"), 0)::int AS "memoryGiB"
      FROM version_configurations c
      JOIN services s ON s.id = c."serviceId"
      JOIN specifications f ON f.id = c."flavorId"
     WHERE s."poolType" = 'PUBLIC' AND s.state = ANY(${HOLDING_STATES}::"ServiceState"[])`;
  return {
    vcpus: capacity.vcpus,
    memoryGiB: capacity.memoryGiB,
    freeVcpus: capacity.vcpus - (used?.vcpus ?? 0),
    freeMemoryGiB: capacity.memoryGiB - (used?.memoryGiB ?? 0),
  };
}

/** GPU flavors are gray unless the runtime has the GPUs they need. */
export function usableOnRuntime(flavor: { gpus: number; available: boolean }, capacity: RuntimeCapacity | null): boolean {
  if (!flavor.available) return false;
  return capacity === null || flavor.gpus <= capacity.gpus;
}
