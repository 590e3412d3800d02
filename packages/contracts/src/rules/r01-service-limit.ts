import type { DeployServiceRequest } from "../deploy-request.ts";
import type { DeployContext } from "./deploy-context.ts";
import { issue, type RuleIssue } from "./rule-issue.ts";

// R1: at most 20 services per user, counted in every state (seed "Constraints").
export const SERVICE_LIMIT = 20;

export const SERVICE_LIMIT_MESSAGE =
  `You already have ${SERVICE_LIMIT} real-time services, the maximum per user, and services in every state count. ` +
  "Delete a service you no longer need (for example a Failed or Stopped one) to free a slot.";

export function isAtServiceLimit(serviceCount: number): boolean {
  return serviceCount >= SERVICE_LIMIT;
}

// The request is irrelevant here; the parameter keeps the rule signature uniform.
export function checkServiceLimit(_request: DeployServiceRequest | null, ctx: DeployContext): RuleIssue[] {
  return isAtServiceLimit(ctx.serviceCount) ? [issue("R1", "", SERVICE_LIMIT_MESSAGE)] : [];
}
