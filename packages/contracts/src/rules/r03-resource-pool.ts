import type { Pool } from "../catalogue.ts";
import type { DeployServiceRequest } from "../deploy-request.ts";
import { findDedicatedPool, findFlavor, flavorLabel, type DeployContext } from "./deploy-context.ts";
import { fieldPath, issue, type RuleIssue } from "./rule-issue.ts";

// R3: the pool must be the public one or the user's own usable dedicated pool(s), and every
// configuration's flavor must be one that pool offers.

export const RESOURCE_POOL_MESSAGES = {
  choose: "Choose a resource pool: public or dedicated.",
  poolIdsNotList: "Choose the dedicated resource pool to deploy to.",
  poolIdNotText: "Resource pool IDs must be text.",
  noDedicatedPool: "Choose a dedicated resource pool.",
  oneDedicatedPool: "Choose exactly one dedicated resource pool, or turn on Multi-Pool Load Balancing to use two.",
  // Deliberately the same for "does not exist" and "belongs to someone else": never confirm other users' pools.
  poolNotFound: "Resource pool not found. Choose one of your dedicated resource pools.",
  poolNotUsable: (pool: Pool) =>
    `Dedicated resource pool "${pool.name}" is ${pool.state}; services can be deployed only to Running pools.`,
  flavorNotInPublicPool: (flavorName: string) =>
    `The public resource pool does not offer ${flavorName}. Choose a specification the public pool offers, or deploy to a dedicated pool that has it.`,
  flavorNotInPool: (pool: Pool, poolFlavorName: string) =>
    `Dedicated resource pool "${pool.name}" runs only ${poolFlavorName} nodes; choose that specification.`,
} as const;

/** The pool's single flavor name, for messages. */
function poolFlavorName(pool: Pool, ctx: DeployContext): string {
  return flavorLabel(ctx, pool.flavorIds[0]);
}

export function checkResourcePool(request: DeployServiceRequest, ctx: DeployContext): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const pool = request.resourcePool;

  if (pool.type === "public") {
    request.configurations.forEach((c, i) => {
      const flavor = findFlavor(ctx, c.flavorId);
      // Unknown flavors are R6's to report.
      if (flavor && !flavor.inPublicPool) {
        issues.push(
          issue("R3", fieldPath("configurations", i, "flavorId"), RESOURCE_POOL_MESSAGES.flavorNotInPublicPool(flavor.name)),
        );
      }
    });
    return issues;
  }

  // How many pools is R4's business when multi-pool is on.
  if (!request.multiPoolLoadBalancing) {
    if (pool.poolIds.length === 0) {
      issues.push(issue("R3", "resourcePool.poolIds", RESOURCE_POOL_MESSAGES.noDedicatedPool));
    } else if (pool.poolIds.length > 1) {
      issues.push(issue("R3", "resourcePool.poolIds", RESOURCE_POOL_MESSAGES.oneDedicatedPool));
    }
  }

  pool.poolIds.forEach((id, j) => {
    const found = findDedicatedPool(ctx, id);
    const path = fieldPath("resourcePool", "poolIds", j);
    if (!found) {
      issues.push(issue("R3", path, RESOURCE_POOL_MESSAGES.poolNotFound));
      return;
    }
    if (found.state !== "Running") {
      issues.push(issue("R3", path, RESOURCE_POOL_MESSAGES.poolNotUsable(found)));
    }
    request.configurations.forEach((c, i) => {
      if (!found.flavorIds.includes(c.flavorId)) {
        issues.push(
          issue(
            "R3",
            fieldPath("configurations", i, "flavorId"),
            RESOURCE_POOL_MESSAGES.flavorNotInPool(found, poolFlavorName(found, ctx)),
          ),
        );
      }
    });
  });
  return issues;
}
