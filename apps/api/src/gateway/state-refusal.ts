// Why a service that is not serving refused a call, and what to do about it, in the words of the
// one calling: the console (signed in with a session cookie) shows the sentence to a person, who
// acts with its buttons; a program (an API token) acts with the API, so it is told the request.
import type { ServiceState } from "@rts/db";

export type RefusalAudience = "console" | "api";

export function stateRefusalDetail(state: ServiceState, serviceId: string, audience: RefusalAudience): string {
  const start = audience === "console" ? "Start the service (the Start button on its page)" : `Start it with POST /api/v1/services/${serviceId}/start`;
  switch (state) {
    case "Stopped":
      return `Service is Stopped. ${start}, then call it again once it is Running.`;
    case "Failed":
      return `Service is Failed: its deploy did not succeed (its state reason says why). ${start} to deploy it again.`;
    case "Abnormal":
      return `Service is Abnormal: none of its instances is healthy, and they are being restarted. Wait until it recovers, or ${start.charAt(0).toLowerCase()}${start.slice(1)} to deploy it again.`;
    case "Stopping":
      return "Service is Stopping; it answers again once it has been started.";
    case "Deleting":
      return "Service is being deleted; it will not answer again.";
    default:
      return `Service is ${state}; it answers once Running.`;
  }
}
