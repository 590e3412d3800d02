// Labels every instance container carries. A worker finds, adopts and cleans up containers by
// them alone, so they are the contract between one worker process and the next.
import { createHash } from "node:crypto";
import pg from "pg";

export const LABELS = {
  plane: "rts.plane",
  service: "rts.service",
  configuration: "rts.configuration",
  instance: "rts.instance",
  owner: "rts.owner",
} as const;

/**
 * Which control plane owns a container: several databases (test runs, two checkouts) may share one
 * engine, and a worker must never adopt or remove another plane's instances. It is the database's
 * identity, stable across restarts (the embedded PostgreSQL gets a new port each start): the
 * cluster's system identifier and the database name, or its address where that can't be read.
 */
export async function controlPlaneId(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  let identity: string;
  try {
    await client.connect();
    const { rows } = await client.query<{ id: string }>("SELECT system_identifier::text || '/' || current_database() AS id FROM pg_control_system()");
    identity = rows[0]!.id;
  } catch {
    const url = new URL(databaseUrl);
    identity = `${url.hostname}:${url.port}${url.pathname}`;
  } finally {
    await client.end().catch(() => {});
  }
  return createHash("sha256").update(identity).digest("hex").slice(0, 16);
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
