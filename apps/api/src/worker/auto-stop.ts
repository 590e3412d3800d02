// R17: a service stops itself once its auto-stop time has passed. The worker looks for such
// services on every pass, so one whose time came while no worker ran stops at the next pass; each
// is stopped through the operator's stop path (Stopping -> Stopped, quota kept) under the user's
// lock, where its state and time are checked again: a service stopped, started or deleted meanwhile
// is left alone, and none is stopped twice.
import type { PrismaClient, ServiceState } from "@rts/db";
import type { JobQueue } from "../jobs/job-queue.ts";
import { lockUser } from "../modules/db-client.ts";
import { storedAutoStop, type StoredAutoStop } from "../modules/services/auto-stop-time.ts";
import { requestStop } from "../modules/services/service-actions.ts";

export const AUTO_STOP_EVENT = "AutoStopped";

// The states in which a service is, or is becoming, live: an expired countdown stops it from any.
const AUTO_STOPPABLE_STATES: ServiceState[] = ["Deploying", "Updating", "Running", "Concerning", "Abnormal"];

function hoursText(hours: number): string {
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}

export function autoStopReason(hours: StoredAutoStop, dueAt: Date): string {
  const why =
    hours.asked === hours.applied
      ? `after ${hoursText(hours.applied ?? 0)}, as set`
      : `after ${hoursText(hours.applied ?? 0)} because it runs on a free specification, which always stops after 1 hour`;
  return `Auto stop (R17): the service stopped itself ${why} (due at ${dueAt.toISOString()}). A public-pool service keeps its quota until deleted.`;
}

/** Stops one service if its auto-stop time has passed by `now`; answers whether it did. */
export async function autoStopService(prisma: PrismaClient, jobs: JobQueue, serviceId: string, now: Date): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const owner = await tx.service.findUnique({ where: { id: serviceId }, select: { ownerId: true } });
    if (!owner) return false;
    await lockUser(tx, owner.ownerId);
    const service = await tx.service.findUnique({ where: { id: serviceId } });
    if (!service?.autoStopAt || service.autoStopAt > now) return false;
    if (service.desiredState !== "Running" || !AUTO_STOPPABLE_STATES.includes(service.state)) return false;
    const reason = autoStopReason(await storedAutoStop(tx, serviceId), service.autoStopAt);
    await requestStop(tx, jobs, service, { action: "stop", type: AUTO_STOP_EVENT, reason });
    return true;
  });
}

/** One pass: stops every live service whose auto-stop time has passed by `now`; answers how many. */
export async function stopExpiredServices(prisma: PrismaClient, jobs: JobQueue, now: Date = new Date()): Promise<number> {
  const due = await prisma.service.findMany({
    where: { autoStopAt: { lte: now }, state: { in: AUTO_STOPPABLE_STATES }, desiredState: "Running" },
    select: { id: true },
    orderBy: { autoStopAt: "asc" },
  });
  let stopped = 0;
  for (const { id } of due) if (await autoStopService(prisma, jobs, id, now)) stopped += 1;
  return stopped;
}
