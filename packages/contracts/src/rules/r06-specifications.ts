import type { Flavor } from "../catalogue.ts";
import { findFlavor, type DeployContext } from "./deploy-context.ts";
import type { RequestView } from "./rule-inputs.ts";
import { fieldPath, issue, type RuleIssue } from "./rule-issue.ts";

// R6: gray (unavailable) flavors are listed so users know they exist, but cannot be chosen.

export const SYSTEM_OVERHEAD_NOTE =
  "Deploying with a specification adds necessary system overhead, so the resources the service actually occupies are slightly greater than the selected specification.";

export const SPECIFICATION_MESSAGES = {
  required: "Choose a specification.",
  notFound: "Specification not found. Choose one of the listed specifications.",
  unavailable: (f: Flavor) =>
    `Specification ${f.name} is not available in this environment (shown in gray). Choose another specification.`,
} as const;

export function isSelectableFlavor(f: Flavor): boolean {
  return f.available;
}

export function checkSpecifications(request: RequestView<never, "flavorId">, ctx: DeployContext): RuleIssue[] {
  const issues: RuleIssue[] = [];
  request.configurations.forEach((c, i) => {
    if (c.flavorId === undefined) return;
    const path = fieldPath("configurations", i, "flavorId");
    if (c.flavorId.length === 0) {
      issues.push(issue("R6", path, SPECIFICATION_MESSAGES.required));
      return;
    }
    const f = findFlavor(ctx, c.flavorId);
    if (!f) issues.push(issue("R6", path, SPECIFICATION_MESSAGES.notFound));
    else if (!isSelectableFlavor(f)) issues.push(issue("R6", path, SPECIFICATION_MESSAGES.unavailable(f)));
  });
  return issues;
}
