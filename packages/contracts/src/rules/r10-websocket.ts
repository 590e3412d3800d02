import type { AppVersion } from "../catalogue.ts";
import { findVersion, type DeployContext } from "./deploy-context.ts";
import type { RequestView } from "./rule-inputs.ts";
import { fieldPath, issue, type RuleIssue } from "./rule-issue.ts";

// R10: WebSocket services hold long-lived connections, which the traffic limiter and data
// collector (both per request) cannot handle; hence the exclusions.

export function isWebsocketCapable(v: AppVersion): boolean {
  return v.websocket && v.source === "container_image";
}

function incapableReason(v: AppVersion): string {
  const reasons: string[] = [];
  if (!v.websocket) reasons.push("is not WebSocket-compliant");
  if (v.source !== "container_image") reasons.push("comes from a model package, not a container image");
  return reasons.join(" and ");
}

export const WEBSOCKET_MESSAGES = {
  notBoolean: "WebSocket must be on or off (true or false).",
  chooseVersionFirst: "Choose an AI application version first.",
  versionNotCapable: (v: AppVersion) =>
    `WebSocket needs WebSocket-compliant AI applications from a container image; version ${v.version} of "${v.applicationName}" ${incapableReason(v)}.`,
  noTrafficLimit: "A WebSocket service cannot have a traffic limit. Remove the traffic limit or turn WebSocket off.",
  noDataCollection: "A WebSocket service cannot collect data. Turn data collection off or turn WebSocket off.",
  immutable: "WebSocket cannot be changed after the service is deployed.",
} as const;

export type WebsocketAvailability = { allowed: boolean; reason?: string };

/** Whether the wizard may offer the WebSocket switch for the chosen versions. */
export function websocketAvailability(versions: readonly AppVersion[]): WebsocketAvailability {
  if (versions.length === 0) return { allowed: false, reason: WEBSOCKET_MESSAGES.chooseVersionFirst };
  const bad = versions.find((v) => !isWebsocketCapable(v));
  return bad ? { allowed: false, reason: WEBSOCKET_MESSAGES.versionNotCapable(bad) } : { allowed: true };
}

export function checkWebsocketVersions(request: RequestView<"websocket", "versionId">, ctx: DeployContext): RuleIssue[] {
  if (!request.websocket) return [];
  const issues: RuleIssue[] = [];
  request.configurations.forEach((c, i) => {
    const v = c.versionId === undefined ? undefined : findVersion(ctx, c.versionId);
    // Unknown versions are R5's to report.
    if (v && !isWebsocketCapable(v)) {
      issues.push(issue("R10", fieldPath("configurations", i, "versionId"), WEBSOCKET_MESSAGES.versionNotCapable(v)));
    }
  });
  return issues;
}

export function checkWebsocketTrafficLimit(request: RequestView<"websocket" | "trafficLimit">, _ctx: DeployContext): RuleIssue[] {
  return request.websocket && request.trafficLimit !== null ? [issue("R10", "trafficLimit", WEBSOCKET_MESSAGES.noTrafficLimit)] : [];
}

export function checkWebsocketDataCollection(
  request: RequestView<"websocket" | "dataCollection">,
  _ctx: DeployContext,
): RuleIssue[] {
  return request.websocket && request.dataCollection.enabled
    ? [issue("R10", "dataCollection.enabled", WEBSOCKET_MESSAGES.noDataCollection)]
    : [];
}

export function checkWebsocket(
  request: RequestView<"websocket" | "trafficLimit" | "dataCollection", "versionId">,
  ctx: DeployContext,
): RuleIssue[] {
  return [
    ...checkWebsocketVersions(request, ctx),
    ...checkWebsocketTrafficLimit(request, ctx),
    ...checkWebsocketDataCollection(request, ctx),
  ];
}
