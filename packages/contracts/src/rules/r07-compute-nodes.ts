import type { Pool, PoolCapacity } from "../catalogue.ts";
import type { DeployServiceRequest, VersionConfiguration } from "../deploy-request.ts";
import { findDedicatedPool, findFlavor, findPublicPool, type DeployContext } from "./deploy-context.ts";
import { everyConfigurationHas, type RequestView } from "./rule-inputs.ts";
import { fieldPath, issue, plural, type RuleIssue } from "./rule-issue.ts";

// R7: compute nodes = instances of one version configuration. Public-pool services are bounded
// by quota (R12) and by what the runtime's machine has free (never overcommitted); dedicated pools
// by their free nodes.

export const COMPUTE_NODES_MIN = 1;
export const COMPUTE_NODES_MAX = 128;

export type ComputeMode = "standalone" | "distributed";

export function computeMode(n: number): ComputeMode {
  return n > 1 ? "distributed" : "standalone";
}

export const COMPUTE_NODES_MESSAGES = {
  range: `Compute nodes must be a whole number from ${COMPUTE_NODES_MIN} to ${COMPUTE_NODES_MAX}.`,
  poolCapacity: (pool: Pool, needed: number) =>
    `Dedicated resource pool "${pool.name}" has ${plural(pool.freeNodes, "free node")}, but this service needs ${needed} there. Lower the compute nodes or add nodes to the pool.`,
  publicCapacity: (capacity: PoolCapacity, needed: { vcpus: number; memoryGiB: number }) =>
    `The public resource pool does not have room for this service: it needs ${needed.vcpus} vCPUs and ${needed.memoryGiB} GiB, and ${Math.max(0, capacity.freeVcpus)} of ${capacity.vcpus} vCPUs and ${Math.max(0, capacity.freeMemoryGiB)} of ${capacity.memoryGiB} GiB are free on this machine. Lower the compute nodes, choose a smaller specification, or stop or delete a running service.`,
} as const;

export function isValidComputeNodes(n: number): boolean {
  return Number.isInteger(n) && n >= COMPUTE_NODES_MIN && n <= COMPUTE_NODES_MAX;
}

/** What the capacity checks need: every configuration's flavor and nodes, the pool choice. */
type CapacityInput = Pick<DeployServiceRequest, "resourcePool" | "multiPoolLoadBalancing"> & {
  readonly configurations: ReadonlyArray<Pick<VersionConfiguration, "flavorId" | "computeNodes">>;
};

/** Nodes each chosen dedicated pool must provide: all of them, or half each with multi-pool. */
export function nodesPerPool(request: {
  readonly multiPoolLoadBalancing: boolean;
  readonly configurations: ReadonlyArray<Pick<VersionConfiguration, "computeNodes">>;
}): number {
  const split = request.multiPoolLoadBalancing;
  return request.configurations.reduce((sum, c) => sum + (split ? Math.ceil(c.computeNodes / 2) : c.computeNodes), 0);
}

export function checkComputeNodeRange(request: RequestView<never, "computeNodes">, _ctx: DeployContext): RuleIssue[] {
  const issues: RuleIssue[] = [];
  request.configurations.forEach((c, i) => {
    if (c.computeNodes !== undefined && !isValidComputeNodes(c.computeNodes)) {
      issues.push(issue("R7", fieldPath("configurations", i, "computeNodes"), COMPUTE_NODES_MESSAGES.range));
    }
  });
  return issues;
}

// Capacity is a total over every configuration, so it waits until all of them parsed and are in range.
export function checkCapacity(
  request: RequestView<"resourcePool" | "multiPoolLoadBalancing", "flavorId" | "computeNodes">,
  ctx: DeployContext,
): RuleIssue[] {
  const configurations = request.configurations;
  if (!everyConfigurationHas(configurations, "flavorId", "computeNodes")) return [];
  if (!configurations.every((c) => isValidComputeNodes(c.computeNodes))) return [];
  const input: CapacityInput = { ...request, configurations };
  if (input.resourcePool.type === "public") return checkPublicCapacity(input, ctx);

  const issues: RuleIssue[] = [];
  const needed = nodesPerPool(input);
  for (const id of new Set(input.resourcePool.poolIds)) {
    const pool = findDedicatedPool(ctx, id);
    if (pool && needed > pool.freeNodes) {
      issues.push(issue("R7", "configurations", COMPUTE_NODES_MESSAGES.poolCapacity(pool, needed)));
    }
  }
  return issues;
}

export function checkComputeNodes(
  request: RequestView<"resourcePool" | "multiPoolLoadBalancing", "flavorId" | "computeNodes">,
  ctx: DeployContext,
): RuleIssue[] {
  return [...checkComputeNodeRange(request, ctx), ...checkCapacity(request, ctx)];
}

/** vCPUs and memory a public-pool request holds on the machine (flavor x nodes, every version). */
export function publicPoolDemand(
  request: Pick<CapacityInput, "configurations">,
  ctx: DeployContext,
): { vcpus: number; memoryGiB: number } {
  let vcpus = 0;
  let memoryGiB = 0;
  for (const c of request.configurations) {
    const flavor = findFlavor(ctx, c.flavorId);
    if (!flavor || !isValidComputeNodes(c.computeNodes)) continue;
    vcpus += flavor.vcpus * c.computeNodes;
    memoryGiB += flavor.memoryGiB * c.computeNodes;
  }
  return { vcpus, memoryGiB };
}

function checkPublicCapacity(request: CapacityInput, ctx: DeployContext): RuleIssue[] {
  const capacity = findPublicPool(ctx)?.capacity;
  if (!capacity) return [];
  const needed = publicPoolDemand(request, ctx);
  if (needed.vcpus <= capacity.freeVcpus && needed.memoryGiB <= capacity.freeMemoryGiB) return [];
  return [issue("R7", "configurations", COMPUTE_NODES_MESSAGES.publicCapacity(capacity, needed))];
}
