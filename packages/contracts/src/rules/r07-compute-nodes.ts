import type { Pool } from "../catalogue.ts";
import type { DeployServiceRequest } from "../deploy-request.ts";
import { findDedicatedPool, type DeployContext } from "./deploy-context.ts";
import { fieldPath, issue, plural, type RuleIssue } from "./rule-issue.ts";

// R7: compute nodes = instances of one version configuration. Public-pool services are bounded
// by quota (R12); dedicated pools by their free nodes, checked here.

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
} as const;

export function isValidComputeNodes(n: number): boolean {
  return Number.isInteger(n) && n >= COMPUTE_NODES_MIN && n <= COMPUTE_NODES_MAX;
}

/** Nodes each chosen dedicated pool must provide: all of them, or half each with multi-pool. */
export function nodesPerPool(request: DeployServiceRequest): number {
  const split = request.multiPoolLoadBalancing;
  return request.configurations.reduce((sum, c) => sum + (split ? Math.ceil(c.computeNodes / 2) : c.computeNodes), 0);
}

export function checkComputeNodes(request: DeployServiceRequest, ctx: DeployContext): RuleIssue[] {
  const issues: RuleIssue[] = [];
  request.configurations.forEach((c, i) => {
    if (!isValidComputeNodes(c.computeNodes)) {
      issues.push(issue("R7", fieldPath("configurations", i, "computeNodes"), COMPUTE_NODES_MESSAGES.range));
    }
  });
  if (issues.length > 0 || request.resourcePool.type !== "dedicated") return issues;

  const needed = nodesPerPool(request);
  for (const id of new Set(request.resourcePool.poolIds)) {
    const pool = findDedicatedPool(ctx, id);
    if (pool && needed > pool.freeNodes) {
      issues.push(issue("R7", "configurations", COMPUTE_NODES_MESSAGES.poolCapacity(pool, needed)));
    }
  }
  return issues;
}
