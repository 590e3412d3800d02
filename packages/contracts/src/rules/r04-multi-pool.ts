import type { Pool } from "../catalogue.ts";
import { withIndefiniteArticle } from "../wording.ts";
import { findDedicatedPool, type DeployContext } from "./deploy-context.ts";
import type { RequestView } from "./rule-inputs.ts";
import { fieldPath, issue, type RuleIssue } from "./rule-issue.ts";

// R4: multi-pool load balancing spreads instances and traffic evenly over two equivalent
// dedicated pools, so either can carry the service alone if the other fails.

export const MULTI_POOL_COUNT = 2;

function generationLabel(pool: Pool): string {
  return pool.generation === null ? "of no generation" : withIndefiniteArticle(`${pool.generation}-version pool`);
}

export const MULTI_POOL_MESSAGES = {
  notBoolean: "Multi-Pool Load Balancing must be on or off (true or false).",
  publicPool:
    "Multi-Pool Load Balancing works only with dedicated resource pools. Choose two dedicated pools or turn it off.",
  twoPools: (distinct: number) =>
    `Multi-Pool Load Balancing needs exactly two different dedicated resource pools; you chose ${distinct}.`,
  sameFlavor: (a: Pool, b: Pool) =>
    `Both pools must have the same node specification, but "${a.name}" and "${b.name}" differ.`,
  sameGeneration: (a: Pool, b: Pool) =>
    `Both pools must be old-version or both new-version pools; "${a.name}" is ${generationLabel(a)} and "${b.name}" is ${generationLabel(b)}.`,
  evenNodes:
    "With Multi-Pool Load Balancing, compute nodes must be an even number of at least 2, so instances split evenly over the two pools.",
} as const;

export function isValidMultiPoolNodeCount(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && n % 2 === 0;
}

function sameFlavors(a: Pool, b: Pool): boolean {
  return a.flavorIds.length === b.flavorIds.length && a.flavorIds.every((f) => b.flavorIds.includes(f));
}

export function checkMultiPoolChoice(
  request: RequestView<"resourcePool" | "multiPoolLoadBalancing">,
  ctx: DeployContext,
): RuleIssue[] {
  if (!request.multiPoolLoadBalancing) return [];
  const pool = request.resourcePool;
  if (pool.type === "public") {
    return [issue("R4", "multiPoolLoadBalancing", MULTI_POOL_MESSAGES.publicPool)];
  }
  const distinct = [...new Set(pool.poolIds)];
  if (distinct.length !== MULTI_POOL_COUNT || pool.poolIds.length !== MULTI_POOL_COUNT) {
    return [issue("R4", "resourcePool.poolIds", MULTI_POOL_MESSAGES.twoPools(distinct.length))];
  }
  // Unknown pools are reported by R3; compare only what we can see.
  const a = findDedicatedPool(ctx, distinct[0] as string);
  const b = findDedicatedPool(ctx, distinct[1] as string);
  if (!a || !b) return [];
  const issues: RuleIssue[] = [];
  if (!sameFlavors(a, b)) issues.push(issue("R4", "resourcePool.poolIds", MULTI_POOL_MESSAGES.sameFlavor(a, b)));
  if (a.generation === null || a.generation !== b.generation) {
    issues.push(issue("R4", "resourcePool.poolIds", MULTI_POOL_MESSAGES.sameGeneration(a, b)));
  }
  return issues;
}

// Instances split evenly over the two pools: each configuration's nodes (where they parsed).
export function checkMultiPoolNodes(
  request: RequestView<"resourcePool" | "multiPoolLoadBalancing", "computeNodes">,
  _ctx: DeployContext,
): RuleIssue[] {
  if (!request.multiPoolLoadBalancing || request.resourcePool.type === "public") return [];
  const issues: RuleIssue[] = [];
  request.configurations.forEach((c, i) => {
    if (c.computeNodes !== undefined && !isValidMultiPoolNodeCount(c.computeNodes)) {
      issues.push(issue("R4", fieldPath("configurations", i, "computeNodes"), MULTI_POOL_MESSAGES.evenNodes));
    }
  });
  return issues;
}

export function checkMultiPool(
  request: RequestView<"resourcePool" | "multiPoolLoadBalancing", "computeNodes">,
  ctx: DeployContext,
): RuleIssue[] {
  return [...checkMultiPoolChoice(request, ctx), ...checkMultiPoolNodes(request, ctx)];
}
