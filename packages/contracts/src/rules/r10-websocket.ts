import type { AppVersion } from "../catalogue.ts";
import { findVersion, type DeployContext } from "./deploy-context.ts";
import type { RequestView } from "./rule-inputs.ts";
import { fieldPath, issue, type RuleIssue } from "./rule-issue.ts";

// R10: WebSocket services hold long-lived connections, which the traffic limiter and data
// collector (both per request) cannot handle; hence the exclusions. The rule holds both ways: a
// version that speaks only WebSocket would answer every call of an HTTP service with 426, and
// WebSocket cannot be turned on after deploy, so such a deploy is refused before it starts.

export function isWebsocketCapable(v: AppVersion): boolean {
  return v.websocket && v.source === "container_image";
}

function incapableReason(v: AppVersion): string {
  const reasons: string[] = [];
  if (!v.websocket) reasons.push("is not WebSocket-compliant");
  if (v.source !== "container_image") reasons.push("comes from a model package, not a container image");
  return reasons.join(" and ");
}

const versionName = (v: AppVersion) => `version ${v.version} of "${v.applicationName}"`;

export const WEBSOCKET_MESSAGES = {
  notBoolean: "WebSocket must be on or off (true or false).",
  chooseVersionFirst: "Choose an AI application version first.",
  versionNotCapable: (v: AppVersion) =>
    `WebSocket needs WebSocket-compliant AI applications from a container image; version ${v.version} of "${v.applicationName}" ${incapableReason(v)}.`,
  noTrafficLimit: "A WebSocket service cannot have a traffic limit. Remove the traffic limit or turn WebSocket off.",
  noDataCollection: "A WebSocket service cannot collect data. Turn data collection off or turn WebSocket off.",
  immutable: "WebSocket cannot be changed after the service is deployed.",
  versionNeedsWebsocket: (v: AppVersion) =>
    `${capitalize(versionName(v))} speaks only WebSocket, so an HTTP service would answer every call with 426 Upgrade Required. Turn WebSocket on (it cannot be changed after deploy), or choose a version that answers HTTP.`,
  requiredOn: (v: AppVersion) =>
    `WebSocket is on because ${versionName(v)} speaks only WebSocket. Traffic limit and Data Collection cannot be set, and WebSocket cannot be changed after the service is deployed.`,
  cannotMix: (wsOnly: AppVersion, httpOnly: AppVersion) =>
    `${capitalize(versionName(wsOnly))} speaks only WebSocket and ${versionName(httpOnly)} cannot serve WebSocket: they cannot run in one service. Remove one of them.`,
} as const;

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What the wizard does with the WebSocket switch for the chosen versions: `allowed` says whether
 * it may be on, `required` whether it must be (a chosen version speaks only WebSocket); when both
 * hold the wizard turns it on and locks it. `reason` is the sentence to show beside the switch.
 */
export type WebsocketAvailability = { allowed: boolean; required: boolean; reason?: string };

export function websocketAvailability(versions: readonly AppVersion[]): WebsocketAvailability {
  if (versions.length === 0) return { allowed: false, required: false, reason: WEBSOCKET_MESSAGES.chooseVersionFirst };
  const incapable = versions.find((v) => !isWebsocketCapable(v));
  const wsOnly = versions.find((v) => v.websocketOnly);
  if (wsOnly && incapable) return { allowed: false, required: true, reason: WEBSOCKET_MESSAGES.cannotMix(wsOnly, incapable) };
  if (wsOnly) return { allowed: true, required: true, reason: WEBSOCKET_MESSAGES.requiredOn(wsOnly) };
  if (incapable) return { allowed: false, required: false, reason: WEBSOCKET_MESSAGES.versionNotCapable(incapable) };
  return { allowed: true, required: false };
}

/** The message for a version that cannot serve in a service with this WebSocket setting, or null. */
function versionRefusal(v: AppVersion, websocket: boolean): string | null {
  if (websocket) return isWebsocketCapable(v) ? null : WEBSOCKET_MESSAGES.versionNotCapable(v);
  return v.websocketOnly ? WEBSOCKET_MESSAGES.versionNeedsWebsocket(v) : null;
}

export function checkWebsocketVersions(request: RequestView<"websocket", "versionId">, ctx: DeployContext): RuleIssue[] {
  const issues: RuleIssue[] = [];
  request.configurations.forEach((c, i) => {
    // Unknown versions are R5's to report.
    const v = c.versionId === undefined ? undefined : findVersion(ctx, c.versionId);
    const refusal = v ? versionRefusal(v, request.websocket) : null;
    if (refusal) issues.push(issue("R10", fieldPath("configurations", i, "versionId"), refusal));
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
