import type { AppVersion } from "../catalogue.ts";
import { findFlavor, findVersion, type DeployContext } from "./deploy-context.ts";
import { everyConfigurationHas, type RequestView } from "./rule-inputs.ts";
import { fieldPath, issue, type RuleIssue } from "./rule-issue.ts";

// R5: which versions may be deployed together and how traffic is split between them.

export const CONFIGURATIONS_MIN = 1;
export const CONFIGURATIONS_MAX = 10;
export const TRAFFIC_RATIO_MIN = 0;
export const TRAFFIC_RATIO_MAX = 100;
export const TRAFFIC_RATIO_TOTAL = 100;
export const ID_MAX_LENGTH = 128;

export const VERSION_MESSAGES = {
  noConfigurations: "Add at least one AI application version and configuration.",
  tooManyConfigurations: `You can add at most ${CONFIGURATIONS_MAX} AI application versions and configurations.`,
  configurationNotObject: "Each configuration needs a version, a traffic ratio, a specification and compute nodes.",
  versionRequired: "Choose an AI application version.",
  // Same text whether the id does not exist or belongs to another user: ownership is never revealed.
  versionNotFound: "AI application version not found. Choose a Normal version from My AI Applications.",
  versionNotNormal: (v: AppVersion) =>
    `Version ${v.version} of "${v.applicationName}" is ${v.state}; only versions in the Normal state can be deployed.`,
  mixedApplications: (v: AppVersion, firstApplicationName: string) =>
    `All versions must belong to the same AI application: this version belongs to "${v.applicationName}", but the first configuration uses "${firstApplicationName}".`,
  duplicateVersion: (firstIndex: number) =>
    `This version is already used in configuration ${firstIndex + 1}; each version can be added only once.`,
  trafficRatio: `Traffic ratio must be a whole number from ${TRAFFIC_RATIO_MIN} to ${TRAFFIC_RATIO_MAX}.`,
  singleRatio: (ratio: number) =>
    `A single version must receive 100% of the traffic; its traffic ratio is ${ratio}%.`,
  ratioSum: (sum: number) => `Traffic ratios must add up to exactly 100%; they add up to ${sum}%.`,
  freeFlavorSingleVersion: (flavorName: string) =>
    `The free specification ${flavorName} does not support gray launch with several versions; deploy a single version.`,
} as const;

export function isValidTrafficRatio(n: number): boolean {
  return Number.isInteger(n) && n >= TRAFFIC_RATIO_MIN && n <= TRAFFIC_RATIO_MAX;
}

/** The message for the traffic ratio total, or null when it is right (also used by the wizard's live total). */
export function trafficRatioSumMessage(ratios: readonly number[]): string | null {
  if (ratios.length === 0 || !ratios.every(isValidTrafficRatio)) return null;
  const sum = ratios.reduce((a, b) => a + b, 0);
  if (sum === TRAFFIC_RATIO_TOTAL) return null;
  return ratios.length === 1 ? VERSION_MESSAGES.singleRatio(sum) : VERSION_MESSAGES.ratioSum(sum);
}

// Configurations whose fields did not parse take part only where those fields are not needed: a
// missing version is skipped, and the ratio total waits until every ratio is a valid number.
export function checkVersions(
  request: RequestView<never, "versionId" | "trafficRatio" | "flavorId">,
  ctx: DeployContext,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const configs = request.configurations;
  if (configs.length < CONFIGURATIONS_MIN) return [issue("R5", "configurations", VERSION_MESSAGES.noConfigurations)];
  if (configs.length > CONFIGURATIONS_MAX) {
    issues.push(issue("R5", "configurations", VERSION_MESSAGES.tooManyConfigurations));
  }

  const firstSeen = new Map<string, number>();
  let firstApplication: AppVersion | undefined;
  configs.forEach((c, i) => {
    if (c.versionId === undefined) return;
    const path = fieldPath("configurations", i, "versionId");
    if (c.versionId.length === 0) {
      issues.push(issue("R5", path, VERSION_MESSAGES.versionRequired));
      return;
    }
    const earlier = firstSeen.get(c.versionId);
    if (earlier !== undefined) {
      issues.push(issue("R5", path, VERSION_MESSAGES.duplicateVersion(earlier)));
      return;
    }
    firstSeen.set(c.versionId, i);
    const v = findVersion(ctx, c.versionId);
    if (!v) {
      issues.push(issue("R5", path, VERSION_MESSAGES.versionNotFound));
      return;
    }
    if (v.state !== "Normal") issues.push(issue("R5", path, VERSION_MESSAGES.versionNotNormal(v)));
    if (firstApplication === undefined) firstApplication = v;
    else if (v.applicationId !== firstApplication.applicationId) {
      issues.push(issue("R5", path, VERSION_MESSAGES.mixedApplications(v, firstApplication.applicationName)));
    }
  });

  configs.forEach((c, i) => {
    if (c.trafficRatio !== undefined && !isValidTrafficRatio(c.trafficRatio)) {
      issues.push(issue("R5", fieldPath("configurations", i, "trafficRatio"), VERSION_MESSAGES.trafficRatio));
    }
  });
  if (everyConfigurationHas(configs, "trafficRatio")) {
    const sumMessage = trafficRatioSumMessage(configs.map((c) => c.trafficRatio));
    if (sumMessage !== null) issues.push(issue("R5", "configurations", sumMessage));
  }

  // One free flavor among several versions is enough to refuse, whatever the other flavors are.
  if (configs.length > 1) {
    const free = configs.map((c) => (c.flavorId === undefined ? undefined : findFlavor(ctx, c.flavorId))).find((f) => f?.free);
    if (free) issues.push(issue("R5", "configurations", VERSION_MESSAGES.freeFlavorSingleVersion(free.name)));
  }
  return issues;
}
