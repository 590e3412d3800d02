// Rollout rows as the API answers them, and what the rows' JSON columns hold. The baseline has no
// column of its own: it is kept in the guards JSON beside the guards, and answered apart.
import { RolloutGuardsSchema, describeSplit, type Rollout, type RolloutGuards, type RolloutStep, type RolloutVersion, type TrafficSplit } from "@rts/contracts";
import type { Prisma } from "@rts/db";
import { HttpProblem } from "../../plugins/http-problem.ts";
import type { DbClient } from "../db-client.ts";

export type RolloutRow = Prisma.RolloutGetPayload<object>;

export type StoredGuards = RolloutGuards & { baselineVersionId: string };

export function storedGuards(guards: RolloutGuards, baselineVersionId: string): Prisma.InputJsonValue {
  return { ...guards, baselineVersionId } satisfies StoredGuards;
}

export function guardsOf(row: Pick<RolloutRow, "guards">): { guards: RolloutGuards; baselineVersionId: string } {
  const { baselineVersionId, ...guards } = row.guards as unknown as StoredGuards;
  return { guards: RolloutGuardsSchema.parse(guards), baselineVersionId };
}

export function splitOf(json: Prisma.JsonValue): TrafficSplit {
  return json as unknown as TrafficSplit;
}

export function historyOf(row: Pick<RolloutRow, "history">): RolloutStep[] {
  return row.history as unknown as RolloutStep[];
}

/** "step 2 (1.0.0 80% / 2.0.0 20%)" */
export function stepLabel(row: Pick<RolloutRow, "step" | "currentRatios">, versions: readonly RolloutVersion[]): string {
  return `step ${row.step} (${describeSplit(splitOf(row.currentRatios), versions)})`;
}

export function toRollout(row: RolloutRow): Rollout {
  const { guards, baselineVersionId } = guardsOf(row);
  return {
    id: row.id,
    serviceId: row.serviceId,
    state: row.state,
    startRatios: splitOf(row.startRatios),
    targetRatios: splitOf(row.targetRatios),
    currentRatios: splitOf(row.currentRatios),
    stepPercent: row.stepPercent,
    bakeSeconds: row.bakeSeconds,
    baselineVersionId,
    guards,
    step: row.step,
    stepStartedAt: row.stepStartedAt.toISOString(),
    history: historyOf(row),
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** The service's versions by name, in the configurations' order. */
export async function serviceVersions(db: DbClient, serviceId: string): Promise<RolloutVersion[]> {
  const configurations = await db.versionConfiguration.findMany({
    where: { serviceId },
    orderBy: { position: "asc" },
    select: { versionId: true, version: { select: { version: true } } },
  });
  return configurations.map((c) => ({ versionId: c.versionId, version: c.version.version }));
}

/** A service's rollouts, newest first; another user's service is not found. */
export async function listRollouts(db: DbClient, userId: string, serviceId: string): Promise<{ items: Rollout[] }> {
  const service = await db.service.findFirst({ where: { id: serviceId, ownerId: userId }, select: { id: true } });
  if (!service) throw HttpProblem.notFound("service");
  const rows = await db.rollout.findMany({ where: { serviceId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return { items: rows.map(toRollout) };
}
