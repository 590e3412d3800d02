// Every change of a service's state goes through here, from the API and from the worker alike:
// the state, an event with the reason, and a `service_state` notification (delivered on commit).
// The notification only names the service: listeners read what changed (state, instances, events)
// from the database, so it feeds the console's live pages and the gateway's routing tables alike.
import type { Prisma, ServiceState } from "@rts/db";
import type { DbClient } from "../db-client.ts";

export const SERVICE_STATE_CHANNEL = "service_state";

export interface ServiceChangeNotification {
  serviceId: string;
  ownerId: string;
  /** Present when a state moved; "Deleted" says the service is gone, so there is nothing to read. */
  state?: ServiceState | "Deleted";
  stateReason?: string | null;
}

export type ServiceStateNotification = Required<ServiceChangeNotification>;

export async function notifyServiceState(tx: Prisma.TransactionClient, payload: ServiceStateNotification): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${SERVICE_STATE_CHANNEL}, ${JSON.stringify(payload)})`;
}

/** Something of the service other than its state changed: its instances, say, or its state reason. */
export async function notifyServiceChange(db: DbClient, change: { serviceId: string; ownerId: string }): Promise<void> {
  const payload: ServiceChangeNotification = { serviceId: change.serviceId, ownerId: change.ownerId };
  await db.$executeRaw`SELECT pg_notify(${SERVICE_STATE_CHANNEL}, ${JSON.stringify(payload)})`;
}

export interface Transition {
  serviceId: string;
  ownerId: string;
  from: ServiceState | null;
  to: ServiceState;
  /** Event type, e.g. "StopRequested", "Running", "DeployTimedOut". */
  type: string;
  reason: string;
  /** Other columns to change in the same update (desired state, deadline...). */
  data?: Prisma.ServiceUpdateManyMutationInput;
}

/**
 * Moves the service only if it is still in `from`: a worker pass that read the state before an
 * operator's cancel or stop must not write its older conclusion over it. Returns whether it moved.
 */
export async function transitionService(tx: Prisma.TransactionClient, t: Transition): Promise<boolean> {
  const moved = await tx.service.updateMany({
    where: { id: t.serviceId, ...(t.from !== null ? { state: t.from } : {}) },
    data: { ...t.data, state: t.to, stateReason: t.reason },
  });
  if (moved.count === 0) return false;
  await tx.serviceEvent.create({
    data: { serviceId: t.serviceId, type: t.type, fromState: t.from, toState: t.to, reason: t.reason },
  });
  await notifyServiceState(tx, { serviceId: t.serviceId, ownerId: t.ownerId, state: t.to, stateReason: t.reason });
  return true;
}
