import type { ServiceDetail } from "@rts/contracts";
import { formatDateTime } from "../formatting.ts";

export function InstancesPanel({ service }: { service: ServiceDetail }) {
  return (
    <section aria-labelledby="sd-instances-heading">
      <h2 id="sd-instances-heading">Instances</h2>
      {service.instances.length === 0 ? (
        <p className="sd-muted">No instances right now{service.state === "Stopped" ? ": the service is stopped." : "."}</p>
      ) : (
        <table className="sd-table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Pool</th>
              <th scope="col">State</th>
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
                  {instance.draining ? " (draining)" : !instance.serving ? " (new, not serving yet)" : ""}
                </td>
                <td>{instance.poolName}</td>
                <td data-instance-state={instance.state}>{instance.state}</td>
                <td>{instance.restarts}</td>
                <td>{instance.port ?? "—"}</td>
                <td>{formatDateTime(instance.startedAt)}</td>
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
      )}
    </section>
  );
}
