// R16: while a change rolls out (Updating) the details show its steps as they happen, from the
// service's events since the update began, and where the new and the replaced instances stand.
// The page reads the service every few seconds meanwhile, since steps are events, not state changes.
import type { ServiceDetail } from "@rts/contracts";
import { useQuery } from "@tanstack/react-query";
import { serviceQueryOptions } from "../../../api/services/services-queries.ts";
import { formatDateTime } from "../formatting.ts";

export const UPDATE_POLL_MS = 2_000;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The events of the update under way, oldest first: from the last move into Updating on. */
export function updateSteps(service: ServiceDetail): ServiceDetail["events"] {
  const ordered = [...service.events].sort((a, b) => a.at.localeCompare(b.at));
  let start = -1;
  ordered.forEach((event, index) => {
    if (event.toState === "Updating") start = index;
  });
  return start === -1 ? [] : ordered.slice(start);
}

export function UpdateProgress({ service }: { service: ServiceDetail }) {
  const updating = service.state === "Updating";
  useQuery({ ...serviceQueryOptions(service.id), refetchInterval: updating ? UPDATE_POLL_MS : false });
  if (!updating) return null;
  const fresh = service.instances.filter((i) => !i.serving && !i.draining);
  const healthy = fresh.filter((i) => i.state === "Healthy");
  const draining = service.instances.filter((i) => i.draining);
  const steps = updateSteps(service);
  return (
    <section className="sd-card" aria-labelledby="sd-update-heading" data-testid="update-progress">
      <h2 id="sd-update-heading">Update in progress (revision {service.revision})</h2>
      <p>
        {fresh.length > 0
          ? `New instances: ${healthy.length} of ${fresh.length} healthy, not serving yet. `
          : draining.length > 0
            ? "The new instances serve now. "
            : ""}
        {draining.length > 0 ? `${plural(draining.length, "replaced instance")} draining.` : ""}
        {fresh.length === 0 && draining.length === 0 ? "The current instances keep serving meanwhile." : ""}
      </p>
      {steps.length > 0 ? (
        <ol className="sd-timeline" aria-label="Update steps, oldest first">
          {steps.map((event) => (
            <li key={event.id}>
              <time dateTime={event.at}>{formatDateTime(event.at)}</time> <span>{event.reason}</span>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
