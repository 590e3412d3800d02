import type { DeployContext } from "./deploy-context.ts";
import type { RequestView } from "./rule-inputs.ts";
import { issue, type RuleIssue } from "./rule-issue.ts";

// R9: deployment plus startup must finish inside the timeout, or the service goes to Failed.
export const TIMEOUT_DEFAULT_MINUTES = 20;
export const TIMEOUT_MIN_MINUTES = 3;
export const TIMEOUT_MAX_MINUTES = 120;

export const TIMEOUT_MESSAGE = `Timeout must be a whole number of minutes from ${TIMEOUT_MIN_MINUTES} to ${TIMEOUT_MAX_MINUTES}.`;

export function isValidTimeout(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= TIMEOUT_MIN_MINUTES && minutes <= TIMEOUT_MAX_MINUTES;
}

export function checkTimeout(request: RequestView<"timeoutMinutes">, _ctx: DeployContext): RuleIssue[] {
  return isValidTimeout(request.timeoutMinutes) ? [] : [issue("R9", "timeoutMinutes", TIMEOUT_MESSAGE)];
}
