// The writes a rollout makes, shared by the API's actions and the worker's controller. Each runs in
// the caller's transaction, which holds the user's row lock and the rollout's row lock, so a step
// and an abort never overwrite each other. Traffic moves by writing the service's routing and
// notifying: the gateway drops its cached table on the notification.
import {
  MASKED_ENV_VAR_VALUE,
  describeChanges,
  describeSplit,
  type RolloutStep,
  type RolloutVersion,
  type TrafficSplit,
} from "@rts/contracts";
import type { Prisma, RolloutState } from "@rts/db";
import { loadDeployContext } from "../catalogue/catalogue-queries.ts";
import { readCurrentSpec, recordRevision, type RevisionSpec } from "../services/service-revisions.ts";
import { notifyServiceState } from "../services/state-transitions.ts";
import { historyOf, splitOf, type RolloutRow } from "./rollout-records.ts";

type Tx = Prisma.TransactionClient;

/** Points the gateway at `ratios`; the service's state and reason stay as they are. */
export async function routeBy(tx: Tx, serviceId: string, ratios: TrafficSplit): Promise<void> {
  const service = await tx.service.update({
    where: { id: serviceId },
    data: { routing: ratios as unknown as Prisma.InputJsonValue },
    select: { ownerId: true, state: true, stateReason: true },
  });
  await notifyServiceState(tx, { serviceId, ownerId: service.ownerId, state: service.state, stateReason: service.stateReason });
}

/** An event in the service's history that changes no state (the console lists it with the others). */
export async function rolloutEvent(tx: Tx, serviceId: string, type: string, reason: string): Promise<void> {
  await tx.serviceEvent.create({ data: { serviceId, type, reason } });
}

export function withStep(row: Pick<RolloutRow, "history">, step: RolloutStep): Prisma.InputJsonValue {
  return [...historyOf(row), step] as unknown as Prisma.InputJsonValue;
}

/**
 * Ends a rollout short of its target (rolled back or aborted): traffic goes back to where it
 * started, unless `keepRouting` (an update of the service owns the split now).
 */
export async function endRollout(
  tx: Tx,
  row: RolloutRow,
  end: { state: Extract<RolloutState, "RolledBack" | "Aborted">; eventType: string; reason: string; now: Date; step?: RolloutStep; keepRouting?: boolean },
): Promise<RolloutRow> {
  const start = splitOf(row.startRatios);
  const updated = await tx.rollout.update({
    where: { id: row.id },
    data: {
      state: end.state,
      reason: end.reason,
      finishedAt: end.now,
      ...(end.keepRouting ? {} : { currentRatios: start as unknown as Prisma.InputJsonValue }),
      ...(end.step ? { history: withStep(row, end.step) } : {}),
    },
  });
  if (!end.keepRouting) await routeBy(tx, row.serviceId, start);
  await rolloutEvent(tx, row.serviceId, end.eventType, end.reason);
  return updated;
}

/** A spec as describeChanges compares it: env values never differ here, so they stay masked. */
function comparable(spec: RevisionSpec) {
  return {
    ...spec,
    configurations: spec.configurations.map((c) => ({
      versionId: c.versionId,
      trafficRatio: c.trafficRatio,
      flavorId: c.flavorId,
      computeNodes: c.computeNodes,
      envVars: c.envVars.map((v) => ({ key: v.key, value: MASKED_ENV_VAR_VALUE })),
    })),
  };
}

/**
 * The target becomes permanent: the configurations' ratios are set to it, the gateway routes by it,
 * and the service gets a new revision (origin "rollout") saying what changed.
 */
export async function completeRollout(
  tx: Tx,
  row: RolloutRow,
  end: { eventType: string; reason: (revision: number) => string; now: Date; versions: readonly RolloutVersion[]; step?: RolloutStep },
): Promise<RolloutRow> {
  const target = splitOf(row.targetRatios);
  const service = await tx.service.findUniqueOrThrow({ where: { id: row.serviceId }, select: { ownerId: true, revision: true } });
  const before = (await readCurrentSpec(tx, row.serviceId))!;
  for (const { versionId, trafficRatio } of target) {
    await tx.versionConfiguration.updateMany({ where: { serviceId: row.serviceId, versionId }, data: { trafficRatio } });
  }
  const revision = service.revision + 1;
  await tx.service.update({ where: { id: row.serviceId }, data: { revision } });
  await routeBy(tx, row.serviceId, target);
  const after = (await readCurrentSpec(tx, row.serviceId))!;
  const context = await loadDeployContext(tx, service.ownerId, null);
  const reason = end.reason(revision);
  await recordRevision(tx, {
    serviceId: row.serviceId,
    number: revision,
    origin: "rollout",
    spec: after,
    changes: describeChanges(comparable(before), comparable(after), context).changes,
    restarts: false,
    outcome: "Applied",
    reason: `Rollout to ${describeSplit(target, end.versions)}.`,
  });
  const updated = await tx.rollout.update({
    where: { id: row.id },
    data: {
      state: "Completed",
      currentRatios: target as unknown as Prisma.InputJsonValue,
      reason,
      finishedAt: end.now,
      ...(end.step ? { history: withStep(row, end.step) } : {}),
    },
  });
  await rolloutEvent(tx, row.serviceId, end.eventType, reason);
  return updated;
}
