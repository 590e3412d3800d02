import { z } from "zod";

// Lifecycle of a real-time service (DESIGN "Service states"). The API enforces transitions
// with these helpers and the console enables/disables buttons with the same ones.

export const SERVICE_STATES = [
  "Deploying",
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

export const SERVICE_ACTIONS = ["stop", "start", "delete"] as const;
export const ServiceActionSchema = z.enum(SERVICE_ACTIONS).describe("A user action on a service.");
export type ServiceAction = z.infer<typeof ServiceActionSchema>;

export const STOPPABLE_STATES: readonly ServiceState[] = ["Running", "Concerning", "Abnormal"];
export const STARTABLE_STATES: readonly ServiceState[] = ["Stopped", "Failed", "Abnormal"];
// Delete must work from every state, a stuck one included, so nothing can trap a user's slot or quota.
export const DELETABLE_STATES: readonly ServiceState[] = SERVICE_STATES;

export function canStop(state: ServiceState): boolean {
  return STOPPABLE_STATES.includes(state);
}

export function canStart(state: ServiceState): boolean {
  return STARTABLE_STATES.includes(state);
}

export function canDelete(state: ServiceState): boolean {
  return DELETABLE_STATES.includes(state);
}

const ALLOWED: Record<ServiceAction, readonly ServiceState[]> = {
  stop: STOPPABLE_STATES,
  start: STARTABLE_STATES,
  delete: DELETABLE_STATES,
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
