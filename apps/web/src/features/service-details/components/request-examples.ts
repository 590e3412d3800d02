// Which version's example request a panel starts from, and the JSON check the panels share.
import type { ServiceConfiguration, ServiceDetail } from "@rts/contracts";

/** The configuration taking the largest share of traffic now (the first on a tie): most calls meet its model. */
export function busiestConfiguration(service: ServiceDetail): ServiceConfiguration | undefined {
  const share = (c: ServiceConfiguration) => service.routing.find((r) => r.versionId === c.versionId)?.trafficRatio ?? c.trafficRatio;
  return service.configurations.reduce<ServiceConfiguration | undefined>(
    (best, c) => (best === undefined || share(c) > share(best) ? c : best),
    undefined,
  );
}

/** Where a panel's starting body came from, said under the field. */
export function exampleOrigin(configuration: ServiceConfiguration | undefined): string {
  if (!configuration) return "";
  return configuration.exampleRequest
    ? `Starts from the example request of version ${configuration.version}.`
    : `Version ${configuration.version} declares no example request: write the JSON its model expects.`;
}

/** Null when the text is a JSON value; otherwise the message to show on the field. */
export function jsonError(text: string): string | null {
  if (!text.trim()) return "Enter a JSON request body.";
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return `Not valid JSON: ${error instanceof Error ? error.message : "parse error"}.`;
  }
}
