import type { DeployContext } from "./deploy-context.ts";
import type { RequestView } from "./rule-inputs.ts";
import { issue, type RuleIssue } from "./rule-issue.ts";

// R11: data collection (sampling + retention) and, since both act per inference call,
// the traffic limit.

export const SAMPLING_PERCENT_MIN = 1;
export const SAMPLING_PERCENT_MAX = 100;
export const RETENTION_DAYS_MIN = 1;
export const RETENTION_DAYS_MAX = 30;
/**
 * What a form offers when collection is switched on: a tenth of the calls is enough to see what a
 * model is asked and answers without storing all traffic, and a week covers a release's review.
 */
export const DATA_COLLECTION_DEFAULTS = { samplingPercent: 10, retentionDays: 7 } as const;
export const REQUESTS_PER_SECOND_MIN = 1;
export const REQUESTS_PER_SECOND_MAX = 10000;

export const DATA_COLLECTION_MESSAGES = {
  notObject: "Data collection settings must say whether collection is enabled.",
  enabledNotBoolean: "Data collection must be on or off (true or false).",
  // One sentence for "missing" and "out of range": both are fixed by entering a value in range.
  samplingPercent: `Sampling rate must be a whole number from ${SAMPLING_PERCENT_MIN} to ${SAMPLING_PERCENT_MAX} (percent of calls to collect).`,
  retentionDays: `Retention must be a whole number of days from ${RETENTION_DAYS_MIN} to ${RETENTION_DAYS_MAX}.`,
} as const;

export const TRAFFIC_LIMIT_MESSAGES = {
  notObject: "Traffic limit must be empty (no limit) or set a number of requests per second.",
  requestsPerSecond: `Requests per second must be a whole number from ${REQUESTS_PER_SECOND_MIN} to ${REQUESTS_PER_SECOND_MAX}.`,
} as const;

function inRange(n: number | undefined, min: number, max: number): boolean {
  return n !== undefined && Number.isInteger(n) && n >= min && n <= max;
}

export function checkDataCollectionRules(request: RequestView<"dataCollection">, _ctx: DeployContext): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const dc = request.dataCollection;
  // Settings left over while collection is off are harmless, but if present they must still be valid.
  if (dc.enabled || dc.samplingPercent !== undefined) {
    if (!inRange(dc.samplingPercent, SAMPLING_PERCENT_MIN, SAMPLING_PERCENT_MAX)) {
      issues.push(issue("R11", "dataCollection.samplingPercent", DATA_COLLECTION_MESSAGES.samplingPercent));
    }
  }
  if (dc.enabled || dc.retentionDays !== undefined) {
    if (!inRange(dc.retentionDays, RETENTION_DAYS_MIN, RETENTION_DAYS_MAX)) {
      issues.push(issue("R11", "dataCollection.retentionDays", DATA_COLLECTION_MESSAGES.retentionDays));
    }
  }
  return issues;
}

export function checkTrafficLimit(request: RequestView<"trafficLimit">, _ctx: DeployContext): RuleIssue[] {
  const tl = request.trafficLimit;
  if (tl !== null && !inRange(tl.requestsPerSecond, REQUESTS_PER_SECOND_MIN, REQUESTS_PER_SECOND_MAX)) {
    return [issue("R11", "trafficLimit.requestsPerSecond", TRAFFIC_LIMIT_MESSAGES.requestsPerSecond)];
  }
  return [];
}

export function checkDataCollection(request: RequestView<"dataCollection" | "trafficLimit">, ctx: DeployContext): RuleIssue[] {
  return [...checkDataCollectionRules(request, ctx), ...checkTrafficLimit(request, ctx)];
}
