import type { ServiceDetail, ServiceInstance } from "@rts/contracts";
import { RelativeTime } from "../../../components/ui/relative-time/relative-time.tsx";
import { InstanceStateBadge } from "../../../components/ui/state-badge/instance-state-badge.tsx";
import { TableScroll } from "../../../components/ui/table-scroll/table-scroll.tsx";

// R16: during an update new instances wait until all of them are healthy before they get calls,
// and the ones they replace finish their calls (drain) before they stop.
type ServingState = "serving" | "new" | "draining";

const SERVING_TEXT: Record<ServingState, string> = {
  serving: "Serving",
  new: "New, not serving yet",
  draining: "Draining (replaced)",
};

function servingState(instance: ServiceInstance): ServingState {
  if (instance.draining) return "draining";
  return instance.serving ? "serving" : "new";
}

export function InstancesPanel({ service }: { service: ServiceDetail }) {
  return (
    <section aria-labelledby="sd-instances-heading">
      <h2 id="sd-instances-heading">Instances</h2>
      {service.instances.length === 0 ? (
        <p className="sd-muted">No instances right now{service.state === "Stopped" ? ": the service is stopped." : "."}</p>
      ) : (
        <TableScroll label="Instances table" minWidth="52rem">
        <table className="sd-table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Traffic</th>
              <th scope="col">State</th>
              <th scope="col">Pool</th>
              <th scope="col">Restarts</th>
              <th scope="col">Port</th>
              <th scope="col">Started</th>
              <th scope="col">Last output</th>
            </tr>
          </thead>
          <tbody>
            {service.instances.map((instance) => (
              <tr key={instance.id}>
                <td>
                  {service.applicationName} {instance.version}
                </td>
                <td data-serving={servingState(instance)}>{SERVING_TEXT[servingState(instance)]}</td>
                <td>
                  <InstanceStateBadge state={instance.state} />
                </td>
                <td>{instance.poolName}</td>
                <td>{instance.restarts}</td>
                <td>{instance.port ?? "—"}</td>
                <td>
                  <RelativeTime value={instance.startedAt} />
                </td>
                <td>
                  {instance.lastOutput ? (
                    <details>
                      <summary>Show output</summary>
                      <pre className="sd-pre">{instance.lastOutput}</pre>
                    </details>
                  ) : (
                    <span className="sd-muted">None</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableScroll>
      )}
    </section>
  );
}
