// Stop, start and delete record the operator's intent (desired state), move the service to its
// transitional state and enqueue the job that acts on it, all in one transaction.
import { canStart, canStop, invalidTransitionProblem, type ServiceDetail } from "@rts/contracts";
import type { Prisma, PrismaClient, ServiceState } from "@rts/db";
import type { JobQueue, ServiceAction } from "../../jobs/job-queue.ts";
import { HttpProblem } from "../../plugins/http-problem.ts";
import { lockUser } from "../db-client.ts";
import { releaseAllQuota } from "../quota/quota-ledger.ts";
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
  change: { action: ServiceAction; to: ServiceState; desired: "Running" | "Stopped" | "Deleted"; reason: string; data?: Prisma.ServiceUpdateInput },
) {
  await transitionService(tx, {
    serviceId: service.id,
    ownerId: service.ownerId,
    from: service.state,
    to: change.to,
    type: `${change.action[0]!.toUpperCase()}${change.action.slice(1)}Requested`,
    reason: change.reason,
    data: { ...change.data, desiredState: change.desired },
  });
  await jobs.enqueueInTransaction(tx, { serviceId: service.id, action: change.action, requestedAt: new Date().toISOString() });
}

export async function stopService(prisma: PrismaClient, jobs: JobQueue, userId: string, serviceId: string): Promise<ServiceDetail> {
  await prisma.$transaction(async (tx) => {
    const service = await lockedService(tx, userId, serviceId);
    if (!canStop(service.state)) throw new HttpProblem(invalidTransitionProblem("stop", service.state));
    // Stopping keeps the quota (R12): a stopped public-pool service still holds its flavor x nodes.
    await transition(tx, jobs, service, { action: "stop", to: "Stopping", desired: "Stopped", reason: "Stop requested by the operator." });
  });
  return getService(prisma, userId, serviceId);
}

export async function startService(prisma: PrismaClient, jobs: JobQueue, userId: string, serviceId: string): Promise<ServiceDetail> {
  await prisma.$transaction(async (tx) => {
    const service = await lockedService(tx, userId, serviceId);
    if (!canStart(service.state)) throw new HttpProblem(invalidTransitionProblem("start", service.state));
    await transition(tx, jobs, service, {
      action: "start",
      to: "Deploying",
      desired: "Running",
      reason: "Start requested by the operator.",
      data: { deployDeadline: new Date(Date.now() + service.timeoutMinutes * 60_000) },
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
