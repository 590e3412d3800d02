// Labels every instance container carries. A worker finds, adopts and cleans up containers by
// them alone, so they are the contract between one worker process and the next.
import { createHash } from "node:crypto";

export const LABELS = {
  plane: "rts.plane",
  service: "rts.service",
  configuration: "rts.configuration",
  instance: "rts.instance",
  owner: "rts.owner",
} as const;

/**
 * Which control plane owns a container: several databases (test runs, two checkouts) may share one
 * engine, and a worker must never adopt or remove another plane's instances. Derived from the
 * database's address and name, without its credentials.
 */
export function controlPlaneId(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return createHash("sha256").update(`${url.hostname}:${url.port}${url.pathname}`).digest("hex").slice(0, 16);
}

export function containerName(instanceId: string): string {
  return `rts-instance-${instanceId}`;
}

/** One private network per owner: their instances can't reach another user's (R18). */
export function ownerNetworkName(ownerId: string): string {
  return `rts-owner-${ownerId}`;
}

/**
 * An unprivileged uid per owner (R18: never root). Different owners' model servers never share a
 * uid, so per-user limits and file ownership never mix tenants.
 */
export function ownerUid(ownerId: string): number {
  return 200_000 + (createHash("sha256").update(ownerId).digest().readUInt32BE(0) % 800_000);
}
