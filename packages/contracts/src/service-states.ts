import { z } from "zod";

// Lifecycle of a real-time service (DESIGN "Service states"). The API enforces transitions
// with these helpers and the console enables/disables buttons with the same ones.

export const SERVICE_STATES = [
  "Deploying",
  "Updating",
  "Running",
  "Concerning",
  "Abnormal",
  "Failed",
  "Stopping",
  "Stopped",
  "Deleting",
] as const;

export const ServiceStateSchema = z.enum(SERVICE_STATES).describe("State of a real-time service.");
export type ServiceState = z.infer<typeof ServiceStateSchema>;

export const SERVICE_ACTIONS = ["stop", "start", "delete", "cancel", "modify"] as const;
export const ServiceActionSchema = z.enum(SERVICE_ACTIONS).describe("A user action on a service.");
export type ServiceAction = z.infer<typeof ServiceActionSchema>;

export const STOPPABLE_STATES: readonly ServiceState[] = ["Running", "Concerning", "Abnormal"];
export const STARTABLE_STATES: readonly ServiceState[] = ["Stopped", "Failed", "Abnormal"];
// Cancel stops a deploy in progress (-> Stopped), or an update (-> the previous revision again).
export const CANCELLABLE_STATES: readonly ServiceState[] = ["Deploying", "Updating"];
// R16: a modify waits for a deploy, an update or a stop in progress to end; a Stopped or Failed
// service takes the change for its next start.
export const MODIFIABLE_STATES: readonly ServiceState[] = ["Running", "Concerning", "Abnormal", "Stopped", "Failed"];
// Delete must work from every state, a stuck one included, so nothing can trap a user's slot or quota.
export const DELETABLE_STATES: readonly ServiceState[] = SERVICE_STATES;

export function canStop(state: ServiceState): boolean {
  return STOPPABLE_STATES.includes(state);
}

export function canStart(state: ServiceState): boolean {
  return STARTABLE_STATES.includes(state);
}

export function canCancel(state: ServiceState): boolean {
  return CANCELLABLE_STATES.includes(state);
}

export function canModify(state: ServiceState): boolean {
  return MODIFIABLE_STATES.includes(state);
}

export function canDelete(state: ServiceState): boolean {
  return DELETABLE_STATES.includes(state);
}

const ALLOWED: Record<ServiceAction, readonly ServiceState[]> = {
  stop: STOPPABLE_STATES,
  start: STARTABLE_STATES,
  delete: DELETABLE_STATES,
  cancel: CANCELLABLE_STATES,
  modify: MODIFIABLE_STATES,
};

export function canTransition(action: ServiceAction, state: ServiceState): boolean {
  return ALLOWED[action].includes(state);
}

function listWithOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** Null when the action is allowed; otherwise the sentence to show the user (409 detail). */
export function transitionRefusal(action: ServiceAction, state: ServiceState): string | null {
  if (canTransition(action, state)) return null;
  const verb = action.charAt(0).toUpperCase() + action.slice(1);
  return `${verb} is allowed only from ${listWithOr(ALLOWED[action])}; this service is ${state}.`;
}
