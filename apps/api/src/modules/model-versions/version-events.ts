import type { VersionEvent } from "@rts/contracts";
import type { DbClient } from "../db-client.ts";

/** The steps of a build, in the order they can happen (VersionEventSchema.type). */
export type VersionEventType = "received" | "checking" | "unpacked" | "image-built" | "normal" | "failed";

export async function recordVersionEvent(db: DbClient, versionId: string, type: VersionEventType, message: string): Promise<void> {
  await db.versionEvent.create({ data: { versionId, type, message } });
}

export async function versionEvents(db: DbClient, versionId: string): Promise<VersionEvent[]> {
  const rows = await db.versionEvent.findMany({ where: { versionId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  return rows.map((row) => ({ at: row.at.toISOString(), type: row.type, message: row.message }));
}
