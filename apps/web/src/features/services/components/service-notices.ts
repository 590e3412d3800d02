// The notifications after a change to a service, worded once for the list, the details page, the
// wizard and the panels. They say what the API answered: a stop request is "Stopping" until the
// instances are down, and the live state shows the rest.
import type { ServiceState } from "@rts/contracts";
import { notify } from "../../../components/ui/toast/notifications.ts";

export const serviceNotices = {
  stopped(name: string, answer: { state?: ServiceState } | undefined) {
    if (answer?.state === "Stopped") return notify("Service stopped", name);
    return notify("Stopping service", name, { detail: "It shows Stopped once its instances have shut down." });
  },
  started(name: string) {
    return notify("Starting service", name, { detail: "It shows Running once every instance is healthy." });
  },
  /** `wasState` is the state Cancel was pressed in: an update goes back, a deploy stops. */
  cancelled(name: string, wasState: ServiceState) {
    if (wasState === "Updating") return notify("Update cancelled", name, { detail: "The service goes back to the revision before it." });
    return notify("Deploy cancelled", name, { detail: "Its instances stop; it keeps its configuration and can be started again." });
  },
  /** Delete answers 204 when the service is gone at once, or 202 with the service while it is deleted. */
  deleted(name: string, answer: unknown) {
    if (answer === undefined) return notify("Service deleted", name);
    return notify("Deleting service", name, { detail: "Its instances stop and the quota it holds is released." });
  },
  deployed(name: string) {
    return notify("Deploying service", name, { detail: "It shows Running once every instance is healthy." });
  },
  modified(name: string, answer: { state: ServiceState; revision: number }) {
    if (answer.state === "Updating") {
      return notify("Updating service", name, { detail: `Revision ${answer.revision} starts new instances; traffic moves once they are healthy.` });
    }
    return notify("Service changed", name, { detail: `Revision ${answer.revision} applies now.` });
  },
  restored(name: string, number: number, answer: { revision: number }) {
    return notify(`Restoring revision ${number}`, name, { detail: `It comes back as revision ${answer.revision}.` });
  },
};
