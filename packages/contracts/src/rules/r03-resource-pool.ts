import type { Pool } from "../catalogue.ts";
import { findDedicatedPool, findFlavor, flavorLabel, type DeployContext } from "./deploy-context.ts";
import type { RequestView } from "./rule-inputs.ts";
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

// How many dedicated pools: needs the multi-pool switch, since with it on that is R4's business.
export function checkPoolCount(
  request: RequestView<"resourcePool" | "multiPoolLoadBalancing">,
  _ctx: DeployContext,
): RuleIssue[] {
  const pool = request.resourcePool;
  if (pool.type === "public" || request.multiPoolLoadBalancing) return [];
  if (pool.poolIds.length === 0) return [issue("R3", "resourcePool.poolIds", RESOURCE_POOL_MESSAGES.noDedicatedPool)];
  if (pool.poolIds.length > 1) return [issue("R3", "resourcePool.poolIds", RESOURCE_POOL_MESSAGES.oneDedicatedPool)];
  return [];
}

// Each pool usable, and each configuration's flavor (where it parsed) one the pool offers.
export function checkPoolsAndFlavors(request: RequestView<"resourcePool", "flavorId">, ctx: DeployContext): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const pool = request.resourcePool;

  if (pool.type === "public") {
    request.configurations.forEach((c, i) => {
      const flavor = c.flavorId === undefined ? undefined : findFlavor(ctx, c.flavorId);
      // Unknown flavors are R6's to report.
      if (flavor && !flavor.inPublicPool) {
        issues.push(
          issue("R3", fieldPath("configurations", i, "flavorId"), RESOURCE_POOL_MESSAGES.flavorNotInPublicPool(flavor.name)),
        );
      }
    });
    return issues;
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
      if (c.flavorId !== undefined && !found.flavorIds.includes(c.flavorId)) {
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

export function checkResourcePool(
  request: RequestView<"resourcePool" | "multiPoolLoadBalancing", "flavorId">,
  ctx: DeployContext,
): RuleIssue[] {
  return [...checkPoolCount(request, ctx), ...checkPoolsAndFlavors(request, ctx)];
}
