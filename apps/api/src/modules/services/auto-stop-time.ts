// R17: when a service stops itself. The countdown starts again at every deploy, start and change,
// so deploy, start and modify all compute it here, with the free-specification cap applied by the
// shared rule (effectiveAutoStopHours) rather than by each caller.
import { effectiveAutoStopHours } from "@rts/contracts";
import { listFlavors } from "../catalogue/catalogue-queries.ts";
import type { DbClient } from "../db-client.ts";
import { readCurrentSpec } from "./service-revisions.ts";

const HOUR_MS = 3_600_000;

/** When a countdown of `hours` started at `from` ends; null hours never stop. */
export function autoStopAtFrom(from: Date, hours: number | null): Date | null {
  return hours === null ? null : new Date(from.getTime() + hours * HOUR_MS);
}

export interface StoredAutoStop {
  /** The hours the operator set, null for never. */
  asked: number | null;
  /** The hours the service really stops after: a free specification caps them at one. */
  applied: number | null;
}

/** The auto stop of a stored service, as set and as applied to its current configurations. */
export async function storedAutoStop(db: DbClient, serviceId: string): Promise<StoredAutoStop> {
  const spec = await readCurrentSpec(db, serviceId);
  if (!spec) return { asked: null, applied: null };
  const flavors = await listFlavors(db);
  // The rule looks only at each configuration's flavor; sealed env values play no part in it.
  const configurations = spec.configurations.map(({ versionId, trafficRatio, flavorId, computeNodes }) => ({
    versionId,
    trafficRatio,
    flavorId,
    computeNodes,
    envVars: [],
  }));
  return { asked: spec.autoStop?.hours ?? null, applied: effectiveAutoStopHours({ autoStop: spec.autoStop, configurations }, { flavors }) };
}
