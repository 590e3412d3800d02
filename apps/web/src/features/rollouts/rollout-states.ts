// What can be done to a rollout in which state. The API refuses the same actions with 409; the
// console disables them and says why, so a state is never shown by a grey button alone.
import type { RolloutState } from "@rts/contracts";
import { ROLLOUT_ACTIONS } from "@rts/contracts";

export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

const ACTIVE_STATES: readonly RolloutState[] = ["Running", "Paused"];

const ALLOWED: Record<RolloutAction, readonly RolloutState[]> = {
  pause: ["Running"],
  resume: ["Paused"],
  promote: ACTIVE_STATES,
  abort: ACTIVE_STATES,
};

export const ROLLOUT_ACTION_LABELS: Record<RolloutAction, string> = {
  pause: "Pause",
  resume: "Resume",
  promote: "Promote",
  abort: "Abort",
};

/** Running or Paused: it holds the service's traffic and blocks another rollout or a modify. */
export function isRolloutActive(state: RolloutState): boolean {
  return ACTIVE_STATES.includes(state);
}

export function canRolloutAction(action: RolloutAction, state: RolloutState): boolean {
  return ALLOWED[action].includes(state);
}

/** Null when the action is allowed; otherwise why not, in words. */
export function rolloutActionRefusal(action: RolloutAction, state: RolloutState): string | null {
  if (canRolloutAction(action, state)) return null;
  const allowed = ALLOWED[action].join(" or ");
  return `${ROLLOUT_ACTION_LABELS[action]} is possible only while the rollout is ${allowed}; it is ${state}.`;
}
