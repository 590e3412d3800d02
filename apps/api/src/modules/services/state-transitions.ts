// Every change of a service's state goes through here, from the API and from the worker alike:
// the state, an event with the reason, and a `service_state` notification (delivered on commit)
// that feeds the console's live list.
import type { Prisma, ServiceState } from "@rts/db";

export const SERVICE_STATE_CHANNEL = "service_state";

export interface ServiceStateNotification {
  serviceId: string;
  ownerId: string;
  state: ServiceState | "Deleted";
  stateReason: string | null;
}

export async function notifyServiceState(tx: Prisma.TransactionClient, payload: ServiceStateNotification): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${SERVICE_STATE_CHANNEL}, ${JSON.stringify(payload)})`;
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
  data?: Prisma.ServiceUpdateInput;
}

export async function transitionService(tx: Prisma.TransactionClient, t: Transition): Promise<void> {
  await tx.service.update({ where: { id: t.serviceId }, data: { ...t.data, state: t.to, stateReason: t.reason } });
  await tx.serviceEvent.create({
    data: { serviceId: t.serviceId, type: t.type, fromState: t.from, toState: t.to, reason: t.reason },
  });
  await notifyServiceState(tx, { serviceId: t.serviceId, ownerId: t.ownerId, state: t.to, stateReason: t.reason });
}
