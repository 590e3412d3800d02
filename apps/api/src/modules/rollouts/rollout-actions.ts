// R16 progressive rollouts, the operator's side: start one, pause, resume, promote or abort it.
// Every action runs under the user's row lock and then the rollout's row lock, the order the
// worker's controller takes them in too, so a step never lands on top of a pause or an abort.
import {
  describeSplit,
  nextRatios,
  rolloutRoles,
  validateStartRollout,
  type Rollout,
  type ServiceState,
  type TrafficSplit,
} from "@rts/contracts";
import type { Prisma, PrismaClient, RolloutState } from "@rts/db";
import { HttpProblem } from "../../plugins/http-problem.ts";
import { lockUser } from "../db-client.ts";
import { describeGuards } from "./rollout-guards.ts";
import { serviceVersions, splitOf, stepLabel, storedGuards, toRollout } from "./rollout-records.ts";
import { completeRollout, endRollout, rolloutEvent, routeBy } from "./rollout-transitions.ts";
import { checkRevision, expectedRevision } from "../services/revision-precondition.ts";

export type RolloutAction = "pause" | "resume" | "promote" | "abort";

/** A rollout moves live traffic: only a service that serves can take one. */
const ROLLOUT_SERVICE_STATES: readonly ServiceState[] = ["Running", "Concerning"];
export const ACTIVE_ROLLOUT_STATES: readonly RolloutState[] = ["Running", "Paused"];

const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

function ratioOf(split: TrafficSplit, versionId: string): number {
  return split.find((s) => s.versionId === versionId)?.trafficRatio ?? 0;
}

async function ownedService(tx: Prisma.TransactionClient, userId: string, serviceId: string) {
  await lockUser(tx, userId);
  const service = await tx.service.findFirst({ where: { id: serviceId, ownerId: userId } });
  if (!service) throw HttpProblem.notFound("service");
  return service;
}

export async function startRollout(prisma: PrismaClient, userId: string, serviceId: string, body: unknown, ifMatch: string | undefined): Promise<Rollout> {
  return prisma.$transaction(async (tx) => {
    const service = await ownedService(tx, userId, serviceId);
    checkRevision(expectedRevision(ifMatch, body), service.revision);
    if (!ROLLOUT_SERVICE_STATES.includes(service.state)) {
      throw HttpProblem.conflict(`A rollout moves live traffic, so it starts only on a Running or Concerning service; this service is ${service.state}.`);
    }
    const active = await tx.rollout.findFirst({ where: { serviceId, state: { in: [...ACTIVE_ROLLOUT_STATES] } } });
    if (active) {
      throw HttpProblem.conflict(
        `A rollout of this service is already ${active.state === "Paused" ? "paused" : "under way"} (started ${active.createdAt.toISOString()}). Promote or abort it before starting another.`,
      );
    }
    const versions = await serviceVersions(tx, serviceId);
    const routing = splitOf(service.routing);
    const verdict = validateStartRollout(body, { versions, routing });
    if (!verdict.ok) throw HttpProblem.validation(verdict.issues);
    const request = verdict.value;

    // Both splits in the configurations' order, so every answer lists versions alike.
    const start = versions.map((v) => ({ versionId: v.versionId, trafficRatio: ratioOf(routing, v.versionId) }));
    const target = versions.map((v) => ({ versionId: v.versionId, trafficRatio: ratioOf(request.targetRatios, v.versionId) }));
    const { baselineVersionId } = rolloutRoles(start, target, request.baselineVersionId);
    // The first step is taken at once: a version still at its starting share could not be judged.
    const first = nextRatios(start, target, request.stepPercent);
    const now = new Date();
    const row = await tx.rollout.create({
      data: {
        serviceId,
        state: "Running",
        startRatios: start as unknown as Prisma.InputJsonValue,
        targetRatios: target as unknown as Prisma.InputJsonValue,
        currentRatios: first as unknown as Prisma.InputJsonValue,
        stepPercent: request.stepPercent,
        bakeSeconds: request.bakeSeconds,
        guards: storedGuards(request.guards, baselineVersionId),
        step: 1,
        stepStartedAt: now,
        createdAt: now,
      },
    });
    await routeBy(tx, serviceId, first);
    const baseline = versions.find((v) => v.versionId === baselineVersionId)?.version ?? baselineVersionId;
    await rolloutEvent(
      tx,
      serviceId,
      "RolloutStarted",
      `Rollout started from ${describeSplit(start, versions)} to ${describeSplit(target, versions)} in steps of ${request.stepPercent} points, ` +
        `each baking ${request.bakeSeconds} s; baseline ${baseline}; ${describeGuards(request.guards, baseline)}. Step 1: ${describeSplit(first, versions)}.`,
    );
    return toRollout(row);
  }, TX_OPTIONS);
}

function refusal(action: RolloutAction, state: RolloutState): string | null {
  const allowed: Record<RolloutAction, readonly RolloutState[]> = {
    pause: ["Running"],
    resume: ["Paused"],
    promote: ["Running", "Paused"],
    abort: ["Running", "Paused"],
  };
  if (allowed[action].includes(state)) return null;
  if (state === "Paused") return "This rollout is already paused; resume, promote or abort it.";
  if (state === "Running") return "This rollout is running, not paused; there is nothing to resume.";
  const ended = state === "Completed" ? "completed" : state === "RolledBack" ? "was rolled back by its guards" : "was aborted";
  const verb = { pause: "paused", resume: "resumed", promote: "promoted", abort: "aborted" }[action];
  return `This rollout ${ended}; it can no longer be ${verb}. Start a new rollout to move traffic again.`;
}

export async function actOnRollout(prisma: PrismaClient, userId: string, serviceId: string, rolloutId: string, action: RolloutAction, now = new Date()): Promise<Rollout> {
  return prisma.$transaction(async (tx) => {
    await ownedService(tx, userId, serviceId);
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM rollouts WHERE id = ${rolloutId}::uuid AND "serviceId" = ${serviceId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw HttpProblem.notFound("rollout");
    const row = await tx.rollout.findUniqueOrThrow({ where: { id: rolloutId } });
    const refused = refusal(action, row.state);
    if (refused) throw HttpProblem.conflict(refused);
    const versions = await serviceVersions(tx, serviceId);
    const at = stepLabel(row, versions);

    if (action === "pause") {
      const reason = `Rollout paused at ${at}; traffic stays there until it is resumed, promoted or aborted.`;
      await rolloutEvent(tx, serviceId, "RolloutPaused", reason);
      return toRollout(await tx.rollout.update({ where: { id: row.id }, data: { state: "Paused" } }));
    }
    if (action === "resume") {
      await rolloutEvent(tx, serviceId, "RolloutResumed", `Rollout resumed at ${at}; a new ${row.bakeSeconds} s bake starts now.`);
      return toRollout(await tx.rollout.update({ where: { id: row.id }, data: { state: "Running", stepStartedAt: now } }));
    }
    if (action === "promote") {
      const target = describeSplit(splitOf(row.targetRatios), versions);
      return toRollout(
        await completeRollout(tx, row, {
          eventType: "RolloutPromoted",
          reason: (revision) => `Promoted by the operator at ${at}: traffic moved to ${target} at once, and the configurations' ratios now match it (revision ${revision}).`,
          now,
          versions,
        }),
      );
    }
    const start = describeSplit(splitOf(row.startRatios), versions);
    return toRollout(await endRollout(tx, row, { state: "Aborted", eventType: "RolloutAborted", reason: `Aborted by the operator at ${at}; traffic is back at ${start}.`, now }));
  }, TX_OPTIONS);
}
