import { z } from "zod";
import type { ResourceAmount } from "./catalogue.ts";
import { DeployServiceRequestSchema, type DeployServiceRequest, type DeployServiceRequestInput } from "./deploy-request.ts";
import { findFlavor, findVersion, type DeployContext } from "./rules/deploy-context.ts";
import { MASKED_ENV_VAR_VALUE } from "./rules/r08-environment-variables.ts";
import { nodesPerPool, publicPoolDemand } from "./rules/r07-compute-nodes.ts";
import { QuotaImpactSchema, formatAmount, quotaImpact, requestedAmount, subtractAmounts, type QuotaImpact } from "./rules/r12-quota.ts";
import { hourlyCostCents } from "./rules/r13-metering.ts";
import { effectiveAutoStopHours } from "./rules/r17-auto-stop.ts";
import { issue, normalizeIssues, RuleIssueSchema, type RuleIssue } from "./rules/rule-issue.ts";
import { REQUEST_MESSAGES, validateDeployRequest } from "./rules/validate-deploy-request.ts";
import { countNoun } from "./wording.ts";

// R16: PATCH /api/v1/services/{id}. A modify is the deploy body's changeable fields; the service's
// current settings fill in the rest and the result is judged by the very rules of a deploy, against
// a context from which the service itself is taken out (its name, slot, quota and nodes are its own).

export const MODIFIABLE_FIELDS = [
  "description",
  "configurations",
  "timeoutMinutes",
  "dataCollection",
  "trafficLimit",
  "autoStop",
] as const;
export type ModifiableField = (typeof MODIFIABLE_FIELDS)[number];

export const MODIFY_MESSAGES = {
  notAnObject: "The request body must be a JSON object with the settings to change.",
  nothingToChange: "Nothing to change: send at least one of description, configurations, timeoutMinutes, dataCollection, trafficLimit or autoStop.",
  fixed: {
    name: { rule: "R16", message: "The name of a service cannot be changed. Deploy a new service to use another name." },
    resourcePool: {
      rule: "R16",
      message: "The resource pool type cannot be changed after deploy. Deploy a new service to run it in another pool.",
    },
    multiPoolLoadBalancing: {
      rule: "R16",
      message: "Multi-Pool Load Balancing cannot be changed after deploy; it comes with the resource pool choice.",
    },
    websocket: { rule: "R10", message: "WebSocket cannot be changed after deploy. Deploy a new service to change it." },
  },
  revision: "revision must be the service's revision number (a whole number of at least 1) as last read.",
  stale: (sent: number, current: number) =>
    `This service changed since you read it: you sent revision ${sent}, it is now at revision ${current}. Reload it, check the change, and send your modification again.`,
  preconditionRequired:
    "Say which revision you are changing: send the If-Match header with the ETag of GET /api/v1/services/{id} (or \"revision\" in the body), so two changes cannot overwrite each other.",
  quotaExceeds: (q: QuotaImpact, current: ResourceAmount) =>
    `Not enough quota: your other services and pools use ${formatAmount(q.used)} of ${formatAmount(q.limit)}, this service holds ${formatAmount(current)} ` +
    `and would hold ${formatAmount(q.asked)}, and only ${formatAmount(q.left)} are left for it. Lower the compute nodes or choose a smaller specification, ` +
    "or free quota by deleting public-pool services you no longer need (Stopped, Abnormal and Failed services still hold quota).",
} as const;

const FIXED_FIELD_NAMES = Object.keys(MODIFY_MESSAGES.fixed) as Array<keyof typeof MODIFY_MESSAGES.fixed>;

const shape = DeployServiceRequestSchema.shape;

// No defaults here: a field left out of a modify keeps its value, it is not reset to the default.
export const ModifyServiceRequestSchema = z
  .strictObject({
    description: shape.description.unwrap().optional(),
    configurations: shape.configurations
      .optional()
      .describe(
        `The whole list of version configurations after the change. An environment variable whose value is "${MASKED_ENV_VAR_VALUE}" keeps its current value.`,
      ),
    timeoutMinutes: shape.timeoutMinutes.unwrap().optional(),
    dataCollection: shape.dataCollection.unwrap().optional(),
    trafficLimit: shape.trafficLimit.unwrap().optional(),
    autoStop: shape.autoStop.unwrap().optional(),
    revision: z
      .int({ error: MODIFY_MESSAGES.revision })
      .min(1, { error: MODIFY_MESSAGES.revision })
      .optional()
      .describe("The revision this change was made against (instead of If-Match)."),
  })
  .describe("R16: change a deployed service. Name, resource pool, multi-pool load balancing and WebSocket cannot change.");
export type ModifyServiceRequestInput = z.input<typeof ModifyServiceRequestSchema>;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * The context a modify is judged in: the service's own slot, name, quota hold, dedicated nodes and
 * share of the public machine count as free, since the change replaces them.
 */
export function contextForModify(ctx: DeployContext, current: DeployServiceRequest): DeployContext {
  const held = requestedAmount(current, ctx);
  const ownNodes = current.resourcePool.type === "dedicated" ? nodesPerPool(current) : 0;
  const ownPools = current.resourcePool.type === "dedicated" ? new Set(current.resourcePool.poolIds) : new Set<string>();
  const ownDemand = current.resourcePool.type === "public" ? publicPoolDemand(current, ctx) : { vcpus: 0, memoryGiB: 0 };
  return {
    ...ctx,
    serviceCount: Math.max(0, ctx.serviceCount - 1),
    existingServiceNames: ctx.existingServiceNames.filter((n) => n !== current.name),
    quota: { ...ctx.quota, used: subtractAmounts(ctx.quota.used, held) },
    pools: ctx.pools.map((pool) => {
      if (ownPools.has(pool.id)) return { ...pool, freeNodes: pool.freeNodes + ownNodes };
      if (pool.type === "public" && pool.capacity) {
        return {
          ...pool,
          capacity: {
            ...pool.capacity,
            freeVcpus: pool.capacity.freeVcpus + ownDemand.vcpus,
            freeMemoryGiB: pool.capacity.freeMemoryGiB + ownDemand.memoryGiB,
          },
        };
      }
      return pool;
    }),
  };
}

/** Masked values in the change mean "keep": they take the current value of the same version and key. */
function keepMaskedValues(configurations: unknown, current: DeployServiceRequestInput): unknown {
  if (!Array.isArray(configurations)) return configurations;
  return configurations.map((c: unknown) => {
    if (!isRecord(c) || !Array.isArray(c["envVars"])) return c;
    const before = current.configurations.find((b) => b.versionId === c["versionId"]);
    const envVars = (c["envVars"] as unknown[]).map((v) => {
      if (!isRecord(v) || v["value"] !== MASKED_ENV_VAR_VALUE) return v;
      const kept = before?.envVars?.find((b) => b.key === v["key"]);
      return kept ? { ...v, value: kept.value } : v;
    });
    return { ...c, envVars };
  });
}

export type ModifyValidationResult =
  | { ok: true; value: DeployServiceRequest; revision: number | undefined; issues: [] }
  | { ok: false; value: DeployServiceRequest | null; revision: number | undefined; issues: RuleIssue[] };

/**
 * Judges a modify: `patch` is what the client sent, `current` the service as a deploy body (env
 * values in clear on the server, masked in the console; masked values in `patch` keep them), and
 * `ctx` the owner's deploy context (contextForModify is applied here).
 */
export function validateModifyRequest(patch: unknown, current: DeployServiceRequestInput, ctx: DeployContext): ModifyValidationResult {
  if (!isRecord(patch)) return { ok: false, value: null, revision: undefined, issues: [issue("R15", "", MODIFY_MESSAGES.notAnObject)] };
  const issues: RuleIssue[] = [];
  const merged: Record<string, unknown> = { ...current };
  let revision: number | undefined;
  let changing = 0;
  for (const [key, value] of Object.entries(patch)) {
    if ((MODIFIABLE_FIELDS as readonly string[]).includes(key)) {
      merged[key] = key === "configurations" ? keepMaskedValues(value, current) : value;
      changing++;
    } else if (key === "revision") {
      if (typeof value === "number" && Number.isInteger(value) && value >= 1) revision = value;
      else issues.push(issue("R16", "revision", MODIFY_MESSAGES.revision));
    } else if ((FIXED_FIELD_NAMES as string[]).includes(key)) {
      const fixed = MODIFY_MESSAGES.fixed[key as keyof typeof MODIFY_MESSAGES.fixed];
      issues.push(issue(fixed.rule as "R16" | "R10", key, fixed.message));
    } else {
      issues.push(issue("R15", key, REQUEST_MESSAGES.unknownField(key)));
    }
  }
  if (changing === 0 && issues.length === 0) issues.push(issue("R16", "", MODIFY_MESSAGES.nothingToChange));

  const parsedCurrent = DeployServiceRequestSchema.safeParse(current);
  const modifyCtx = parsedCurrent.success ? contextForModify(ctx, parsedCurrent.data) : ctx;
  const verdict = validateDeployRequest(merged, modifyCtx);
  if (!verdict.ok) {
    for (const found of verdict.issues) {
      if (found.rule === "R12" && parsedCurrent.success) {
        const q = refusedQuota(merged, modifyCtx);
        issues.push(q ? issue("R12", found.path, MODIFY_MESSAGES.quotaExceeds(q, requestedAmount(parsedCurrent.data, ctx))) : found);
      } else {
        issues.push(found);
      }
    }
  }
  const value = verdict.ok ? verdict.value : null;
  if (value !== null && issues.length === 0) return { ok: true, value, revision, issues: [] };
  return { ok: false, value, revision, issues: normalizeIssues(issues) };
}

function refusedQuota(merged: Record<string, unknown>, ctx: DeployContext): QuotaImpact | null {
  const parsed = DeployServiceRequestSchema.safeParse(merged);
  return parsed.success ? quotaImpact(parsed.data, ctx) : null;
}

// ---------------------------------------------------------------------------------------------
// What a change does, in words, for the dry run, the wizard's confirmation and the revision list.

export const ServiceChangeSchema = z
  .object({
    field: z.string().describe("Dotted path of what changes, e.g. configurations.1.trafficRatio."),
    label: z.string().describe("The change in words, with the seed's parameter names."),
    from: z.string().nullable(),
    to: z.string().nullable(),
  })
  .describe("One change between two revisions.");
export type ServiceChange = z.infer<typeof ServiceChangeSchema>;

export interface ChangeSummary {
  changes: ServiceChange[];
  /** Running instances are replaced (specification, env vars or version changed). */
  restarts: boolean;
  /** New instances start (added versions, more compute nodes, or replacements). */
  startsInstances: boolean;
  /** Some instances stop (removed versions, fewer nodes, or replaced ones). */
  stopsInstances: boolean;
  /** Only settings the gateway reads changed: applied at once without touching an instance. */
  appliesAtOnce: boolean;
}

function versionLabel(ctx: Pick<DeployContext, "versions">, versionId: string): string {
  const v = findVersion(ctx as DeployContext, versionId);
  return v ? `${v.applicationName} ${v.version}` : versionId;
}

function envSignature(envVars: ReadonlyArray<{ key: string; value?: string | undefined }>, masked: boolean): string {
  return JSON.stringify(envVars.map((v) => [v.key, masked ? "" : (v.value ?? "")]));
}

type Comparable = Pick<DeployServiceRequest, "description" | "timeoutMinutes" | "dataCollection" | "trafficLimit" | "autoStop" | "configurations">;

function dataCollectionText(dc: DeployServiceRequest["dataCollection"]): string {
  return dc.enabled ? `on, ${dc.samplingPercent ?? "?"}% sampled, kept ${dc.retentionDays ?? "?"} days` : "off";
}

/** The changes from `before` to `after`, matching version configurations by version. */
export function describeChanges(before: Comparable, after: Comparable, ctx: Pick<DeployContext, "versions" | "flavors">): ChangeSummary {
  const changes: ServiceChange[] = [];
  const add = (field: string, label: string, from: string | null, to: string | null) => changes.push({ field, label, from, to });
  let restarts = false;
  let starts = false;
  let stops = false;
  let instanceChange = false;
  if (before.description !== after.description) add("description", "Description", before.description, after.description);
  if (before.timeoutMinutes !== after.timeoutMinutes) add("timeoutMinutes", "Timeout (min)", String(before.timeoutMinutes), String(after.timeoutMinutes));
  if (dataCollectionText(before.dataCollection) !== dataCollectionText(after.dataCollection)) {
    add("dataCollection", "Data Collection", dataCollectionText(before.dataCollection), dataCollectionText(after.dataCollection));
  }
  const limit = (t: DeployServiceRequest["trafficLimit"]) => (t ? `${countNoun(t.requestsPerSecond, "call")}/s` : "no limit");
  if (limit(before.trafficLimit) !== limit(after.trafficLimit)) add("trafficLimit", "Traffic limit", limit(before.trafficLimit), limit(after.trafficLimit));
  const stop = (a: DeployServiceRequest["autoStop"]) => (a ? `after ${a.hours} h` : "never");
  if (stop(before.autoStop) !== stop(after.autoStop)) add("autoStop", "Auto Stop", stop(before.autoStop), stop(after.autoStop));

  const flavorName = (id: string) => findFlavor(ctx as DeployContext, id)?.name ?? id;
  after.configurations.forEach((c, i) => {
    const old = before.configurations.find((b) => b.versionId === c.versionId);
    const label = versionLabel(ctx, c.versionId);
    const path = `configurations.${i}`;
    if (!old) {
      add(path, `Added ${label}`, null, `${c.trafficRatio}%, ${flavorName(c.flavorId)}, ${countNoun(c.computeNodes, "node")}`);
      starts = true;
      instanceChange = true;
      return;
    }
    if (old.trafficRatio !== c.trafficRatio) add(`${path}.trafficRatio`, `Traffic Ratio (%) of ${label}`, String(old.trafficRatio), String(c.trafficRatio));
    if (old.flavorId !== c.flavorId) {
      add(`${path}.flavorId`, `Specifications of ${label}`, flavorName(old.flavorId), flavorName(c.flavorId));
      restarts = true;
    }
    const afterMasked = c.envVars.some((v) => v.value === MASKED_ENV_VAR_VALUE);
    const beforeMasked = old.envVars.some((v) => v.value === MASKED_ENV_VAR_VALUE);
    const sameEnv =
      afterMasked || beforeMasked
        ? envSignature(old.envVars, true) === envSignature(c.envVars, true) &&
          c.envVars.every((v) => v.value === MASKED_ENV_VAR_VALUE || old.envVars.find((o) => o.key === v.key)?.value === v.value)
        : envSignature(old.envVars, false) === envSignature(c.envVars, false);
    if (!sameEnv) {
      const keys = (list: typeof c.envVars) => list.map((v) => v.key).join(", ") || "none";
      add(`${path}.envVars`, `Environment Variable of ${label}`, keys(old.envVars), `${keys(c.envVars)} (values changed)`);
      restarts = true;
    }
    if (old.computeNodes !== c.computeNodes) {
      add(`${path}.computeNodes`, `Compute Nodes of ${label}`, String(old.computeNodes), String(c.computeNodes));
      if (c.computeNodes > old.computeNodes) starts = true;
      else stops = true;
      instanceChange = true;
    }
  });
  for (const old of before.configurations) {
    if (!after.configurations.some((c) => c.versionId === old.versionId)) {
      add("configurations", `Removed ${versionLabel(ctx, old.versionId)}`, `${old.trafficRatio}%, ${countNoun(old.computeNodes, "node")}`, null);
      stops = true;
      instanceChange = true;
    }
  }
  if (restarts) {
    starts = true;
    stops = true;
  }
  return { changes, restarts, startsInstances: starts, stopsInstances: stops, appliesAtOnce: !restarts && !instanceChange };
}

// ---------------------------------------------------------------------------------------------
// The dry run of a modify.

export const CostDifferenceSchema = z.object({
  before: z.int().describe("Cents per hour now."),
  after: z.int().describe("Cents per hour after the change."),
  difference: z.int().describe("after - before; negative saves."),
});

export const ModifyPreviewSchema = z
  .object({
    valid: z.boolean().describe("True when the change would be accepted."),
    issues: z.array(RuleIssueSchema),
    revision: z.int().describe("The service's revision the change would replace."),
    changes: z.array(ServiceChangeSchema),
    restarts: z.boolean().describe("Running instances are replaced by new ones (rolling: they keep serving until the new ones are healthy)."),
    startsInstances: z.boolean(),
    stopsInstances: z.boolean(),
    appliesAtOnce: z.boolean().describe("Only routing or gateway settings change: applied within a second, nothing restarts."),
    quota: QuotaImpactSchema.extend({
      current: z.object({ vcpus: z.int(), memoryGiB: z.int(), gpus: z.int() }).describe("What the service holds now."),
      difference: z.object({ vcpus: z.int(), memoryGiB: z.int(), gpus: z.int() }).describe("What the change adds (negative releases)."),
    }).nullable(),
    hourlyCostCents: CostDifferenceSchema.nullable(),
    autoStopHours: z.int().nullable().describe("Hours after which the service will stop itself (R17), free specifications included."),
    warnings: z.array(z.string()),
  })
  .describe("Dry run of a modify: the issues, what changes, what restarts, and the quota and cost difference.");
export type ModifyPreview = z.infer<typeof ModifyPreviewSchema>;

export function previewModify(patch: unknown, current: DeployServiceRequestInput, ctx: DeployContext, revision: number): ModifyPreview {
  const verdict = validateModifyRequest(patch, current, ctx);
  const parsedCurrent = DeployServiceRequestSchema.safeParse(current);
  const empty = { changes: [], restarts: false, startsInstances: false, stopsInstances: false, appliesAtOnce: true };
  if (!parsedCurrent.success || verdict.value === null) {
    return { valid: false, issues: verdict.issues, revision, ...empty, quota: null, hourlyCostCents: null, autoStopHours: null, warnings: [] };
  }
  const before = parsedCurrent.data;
  const after = verdict.value;
  const summary = describeChanges(before, after, ctx);
  const currentHold = requestedAmount(before, ctx);
  const quota = quotaImpact(after, contextForModify(ctx, before));
  const costBefore = hourlyCostCents(before, ctx);
  const costAfter = hourlyCostCents(after, ctx);
  return {
    valid: verdict.ok,
    issues: verdict.issues,
    revision,
    ...summary,
    quota: { ...quota, current: currentHold, difference: subtractAmounts(quota.asked, currentHold) },
    hourlyCostCents: { before: costBefore, after: costAfter, difference: costAfter - costBefore },
    autoStopHours: effectiveAutoStopHours(after, ctx),
    warnings: [],
  };
}

/** What a public-pool service's quota hold moves by when `before` becomes `after`. */
export function quotaDifference(before: DeployServiceRequest, after: DeployServiceRequest, ctx: DeployContext): ResourceAmount {
  return subtractAmounts(requestedAmount(after, ctx), requestedAmount(before, ctx));
}

