// Stop, start, cancel and delete record the operator's intent (desired state), move the service to
// its transitional state and enqueue the job that acts on it, all in one transaction. R17's auto
// stop (worker/auto-stop.ts) stops through the same path.
import { canCancel, canStart, canStop, invalidTransitionProblem, type ServiceDetail } from "@rts/contracts";
import type { Prisma, PrismaClient, ServiceState } from "@rts/db";
import type { JobQueue, ServiceAction } from "../../jobs/job-queue.ts";
import { HttpProblem } from "../../plugins/http-problem.ts";
import { lockUser } from "../db-client.ts";
import { releaseAllQuota } from "../quota/quota-ledger.ts";
import type { EnvVarCipher } from "../secrets/env-encryption.ts";
import { autoStopAtFrom, storedAutoStop } from "./auto-stop-time.ts";
import { rollBackUpdate } from "./modify-service.ts";
import { getService } from "./service-queries.ts";
import { notifyServiceState, transitionService } from "./state-transitions.ts";

async function lockedService(tx: Prisma.TransactionClient, userId: string, serviceId: string) {
  await lockUser(tx, userId);
  const service = await tx.service.findFirst({
    where: { id: serviceId, ownerId: userId },
    include: { _count: { select: { instances: true } } },
  });
  if (!service) throw HttpProblem.notFound("service");
  return service;
}

async function transition(
  tx: Prisma.TransactionClient,
  jobs: JobQueue,
  service: { id: string; ownerId: string; state: ServiceState },
  change: {
    action: ServiceAction;
    to: ServiceState;
    desired: "Running" | "Stopped" | "Deleted";
    reason: string;
    /** The event's type when it is not the action's "<Action>Requested". */
    type?: string;
    data?: Prisma.ServiceUpdateManyMutationInput;
  },
) {
  await transitionService(tx, {
    serviceId: service.id,
    ownerId: service.ownerId,
    from: service.state,
    to: change.to,
    type: change.type ?? `${change.action[0]!.toUpperCase()}${change.action.slice(1)}Requested`,
    reason: change.reason,
    data: { ...change.data, desiredState: change.desired },
  });
  await jobs.enqueueInTransaction(tx, { serviceId: service.id, action: change.action, requestedAt: new Date().toISOString() });
}

/**
 * Every way a service stops (the operator, a cancelled deploy, R17's auto stop): Stopping until
 * the worker has shut its instances down. Stopping keeps the quota (R12): a stopped public-pool
 * service still holds its flavor x nodes. A stopped service has no auto-stop countdown.
 */
export async function requestStop(
  tx: Prisma.TransactionClient,
  jobs: JobQueue,
  service: { id: string; ownerId: string; state: ServiceState },
  event: { action: ServiceAction; type?: string; reason: string },
) {
  await transition(tx, jobs, service, { ...event, to: "Stopping", desired: "Stopped", data: { autoStopAt: null } });
}

export async function stopService(prisma: PrismaClient, jobs: JobQueue, userId: string, serviceId: string): Promise<ServiceDetail> {
  await prisma.$transaction(async (tx) => {
    const service = await lockedService(tx, userId, serviceId);
    if (!canStop(service.state)) throw new HttpProblem(invalidTransitionProblem("stop", service.state));
    await requestStop(tx, jobs, service, { action: "stop", reason: "Stop requested by the operator." });
  });
  return getService(prisma, userId, serviceId);
}

/**
 * Cancels a deploy in progress: Deploying -> Stopping -> Stopped, its instances cleaned up, quota
 * kept as on a stop. Cancelling an update brings the previous revision back, as a failed one would.
 */
export async function cancelService(
  prisma: PrismaClient,
  jobs: JobQueue,
  cipher: EnvVarCipher,
  userId: string,
  serviceId: string,
): Promise<ServiceDetail> {
  const state = await prisma.$transaction(async (tx) => {
    const service = await lockedService(tx, userId, serviceId);
    if (service.state === "Deploying") {
      await requestStop(tx, jobs, service, {
        action: "cancel",
        type: "DeployCancelled",
        reason: "Deploy cancelled by the operator; its instances are being stopped. A public-pool service keeps its quota until deleted.",
      });
    } else if (service.state === "Updating") {
      await rollBackUpdate(tx, jobs, cipher, service.id, "the update was cancelled by the operator.");
    }
    return service.state;
  });
  if (!canCancel(state)) throw new HttpProblem(invalidTransitionProblem("cancel", state));
  return getService(prisma, userId, serviceId);
}

export async function startService(prisma: PrismaClient, jobs: JobQueue, userId: string, serviceId: string): Promise<ServiceDetail> {
  await prisma.$transaction(async (tx) => {
    const service = await lockedService(tx, userId, serviceId);
    if (!canStart(service.state)) throw new HttpProblem(invalidTransitionProblem("start", service.state));
    const now = new Date();
    await transition(tx, jobs, service, {
      action: "start",
      to: "Deploying",
      desired: "Running",
      reason: "Start requested by the operator.",
      // R17: the countdown starts again from the start, with the same hours.
      data: {
        deployDeadline: new Date(now.getTime() + service.timeoutMinutes * 60_000),
        autoStopAt: autoStopAtFrom(now, (await storedAutoStop(tx, service.id)).applied),
      },
    });
  });
  return getService(prisma, userId, serviceId);
}

/**
 * Delete is allowed from every state. Quota is released at once (R12). A service with no instances
 * has nothing left to clean up and goes at once; otherwise it is `Deleting` until the worker has
 * stopped its instances.
 */
export async function deleteService(
  prisma: PrismaClient,
  jobs: JobQueue,
  userId: string,
  serviceId: string,
): Promise<{ deleted: boolean; service: ServiceDetail | null }> {
  const deletedAtOnce = await prisma.$transaction(async (tx) => {
    const service = await lockedService(tx, userId, serviceId);
    await releaseAllQuota(tx, { userId, serviceId: service.id, holderName: service.name }, "service deleted");
    if (service._count.instances === 0) {
      await tx.service.delete({ where: { id: service.id } });
      await notifyServiceState(tx, { serviceId: service.id, ownerId: userId, state: "Deleted", stateReason: "Deleted by the operator." });
      return true;
    }
    await transition(tx, jobs, service, { action: "delete", to: "Deleting", desired: "Deleted", reason: "Delete requested by the operator." });
    return false;
  });
  return deletedAtOnce ? { deleted: true, service: null } : { deleted: false, service: await getService(prisma, userId, serviceId) };
}
