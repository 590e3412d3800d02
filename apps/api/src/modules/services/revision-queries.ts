import type { ServiceChange, ServiceRevisionList } from "@rts/contracts";
import type { DbClient } from "../db-client.ts";
import type { RevisionOrigin, RevisionOutcome } from "./service-revisions.ts";

/** A service's revisions, newest first; the caller has checked the service is the user's. */
export async function listRevisions(db: DbClient, serviceId: string, currentRevision: number): Promise<ServiceRevisionList> {
  const rows = await db.serviceRevision.findMany({ where: { serviceId }, orderBy: { number: "desc" }, take: 200 });
  return {
    items: rows.map((row) => ({
      number: row.number,
      createdAt: row.createdAt.toISOString(),
      origin: row.origin as RevisionOrigin,
      changes: row.changes as unknown as ServiceChange[],
      restarts: row.restarts,
      outcome: row.outcome as RevisionOutcome,
      reason: row.reason,
      current: row.number === currentRevision,
    })),
  };
}
