import { z } from "zod";
import { ResourceAmountSchema, type Flavor, type Quota, type ResourceAmount } from "../catalogue.ts";
import type { DeployServiceRequest, VersionConfiguration } from "../deploy-request.ts";
import { findFlavor, type DeployContext } from "./deploy-context.ts";
import { everyConfigurationHas, type RequestView } from "./rule-inputs.ts";
import { issue, type RuleIssue } from "./rule-issue.ts";

// R12: a public-pool service holds flavor x nodes of quota from create to delete, whatever its
// state; dedicated-pool services hold none because the pool itself holds quota.

export const QuotaImpactSchema = z
  .object({
    asked: ResourceAmountSchema.describe("What this deploy (or pool change) would take."),
    used: ResourceAmountSchema,
    limit: ResourceAmountSchema,
    left: ResourceAmountSchema.describe("limit - used"),
    fits: z.boolean().describe("Whether asked fits in left on every dimension."),
    holdsQuota: z.boolean().describe("False for dedicated-pool services, which hold no quota."),
  })
  .describe("How a deploy or pool change affects the user's quota.");
export type QuotaImpact = z.infer<typeof QuotaImpactSchema>;

export function addAmounts(a: ResourceAmount, b: ResourceAmount): ResourceAmount {
  return { vcpus: a.vcpus + b.vcpus, memoryGiB: a.memoryGiB + b.memoryGiB, gpus: a.gpus + b.gpus };
}

export function subtractAmounts(a: ResourceAmount, b: ResourceAmount): ResourceAmount {
  return { vcpus: a.vcpus - b.vcpus, memoryGiB: a.memoryGiB - b.memoryGiB, gpus: a.gpus - b.gpus };
}

export function flavorAmount(flavor: Pick<Flavor, "vcpus" | "memoryGiB" | "gpus">, nodes: number): ResourceAmount {
  return { vcpus: flavor.vcpus * nodes, memoryGiB: flavor.memoryGiB * nodes, gpus: flavor.gpus * nodes };
}

export function fitsWithin(asked: ResourceAmount, left: ResourceAmount): boolean {
  return asked.vcpus <= left.vcpus && asked.memoryGiB <= left.memoryGiB && asked.gpus <= left.gpus;
}

export function formatAmount(a: ResourceAmount): string {
  const n = (x: number, one: string, many: string) => `${x} ${x === 1 ? one : many}`;
  return `${n(a.vcpus, "vCPU", "vCPUs")}, ${a.memoryGiB} GiB memory and ${n(a.gpus, "GPU", "GPUs")}`;
}

function impact(asked: ResourceAmount, quota: Quota, holdsQuota: boolean): QuotaImpact {
  const left = subtractAmounts(quota.limit, quota.used);
  return { asked, used: quota.used, limit: quota.limit, left, fits: fitsWithin(asked, left), holdsQuota };
}

/** What the quota depends on: the pool choice and every configuration's flavor and nodes. */
export type QuotaInput = Pick<DeployServiceRequest, "resourcePool"> & {
  readonly configurations: ReadonlyArray<Pick<VersionConfiguration, "flavorId" | "computeNodes">>;
};

/** What a deploy would take from the quota. */
export function requestedAmount(request: QuotaInput, ctx: DeployContext): ResourceAmount {
  if (request.resourcePool.type !== "public") return { vcpus: 0, memoryGiB: 0, gpus: 0 };
  return request.configurations.reduce<ResourceAmount>((sum, c) => {
    const f = findFlavor(ctx, c.flavorId);
    return f ? addAmounts(sum, flavorAmount(f, c.computeNodes)) : sum;
  }, { vcpus: 0, memoryGiB: 0, gpus: 0 });
}

export function quotaImpact(request: QuotaInput, ctx: DeployContext): QuotaImpact {
  return impact(requestedAmount(request, ctx), ctx.quota, request.resourcePool.type === "public");
}

export const QUOTA_MESSAGES = {
  serviceExceeds: (q: QuotaImpact) =>
    `Not enough quota: you use ${formatAmount(q.used)} of ${formatAmount(q.limit)}, this service asks for ${formatAmount(q.asked)}, ` +
    `and only ${formatAmount(q.left)} are left. Free quota by deleting public-pool services you no longer need ` +
    "(Stopped, Abnormal and Failed services still hold quota), or deploy to a dedicated resource pool.",
  poolExceeds: (q: QuotaImpact) =>
    `Not enough quota for this pool: you use ${formatAmount(q.used)} of ${formatAmount(q.limit)}, the pool asks for ${formatAmount(q.asked)} more, ` +
    `and only ${formatAmount(q.left)} are left. Choose fewer nodes, or free quota by deleting public-pool services ` +
    "(Stopped, Abnormal and Failed services still hold quota) or dedicated pools you no longer need.",
} as const;

// The amount asked is a total over every configuration, so it waits until all of them parsed.
export function checkQuota(request: RequestView<"resourcePool", "flavorId" | "computeNodes">, ctx: DeployContext): RuleIssue[] {
  const configurations = request.configurations;
  if (!everyConfigurationHas(configurations, "flavorId", "computeNodes")) return [];
  const q = quotaImpact({ resourcePool: request.resourcePool, configurations }, ctx);
  return q.fits ? [] : [issue("R12", "configurations", QUOTA_MESSAGES.serviceExceeds(q))];
}

export type PoolQuotaChange = {
  flavor: Pick<Flavor, "vcpus" | "memoryGiB" | "gpus">;
  nodeCount: number;
  /** 0 when creating; the pool's current size when resizing. */
  currentNodeCount?: number;
};

/** A dedicated pool holds flavor x nodeCount; shrinking asks for nothing (it releases quota). */
export function poolQuotaImpact(change: PoolQuotaChange, quota: Quota): QuotaImpact {
  const extraNodes = Math.max(0, change.nodeCount - (change.currentNodeCount ?? 0));
  return impact(flavorAmount(change.flavor, extraNodes), quota, true);
}

/** Null when the pool change fits; otherwise the refusal sentence. */
export function poolQuotaRefusal(q: QuotaImpact): string | null {
  return q.fits ? null : QUOTA_MESSAGES.poolExceeds(q);
}
