import { countNoun, type ServiceDetail } from "@rts/contracts";
import { CopyableValue } from "../../../components/ui/copy-button/copyable-value.tsx";
import { RelativeTime } from "../../../components/ui/relative-time/relative-time.tsx";
import { AutoStopCountdown } from "../../services/components/auto-stop-countdown.tsx";
import { EnvVarList } from "./env-var-list.tsx";

function autoStopSetting(service: ServiceDetail): string {
  if (!service.autoStop) return "Off";
  return `After ${service.autoStop.hours} ${service.autoStop.hours === 1 ? "hour" : "hours"}`;
}

/** The split the gateway uses right now, when an update or a rollout has it differ from the ratios. */
function routingNow(service: ServiceDetail): string | null {
  const differs = service.routing.some(
    (r) => service.configurations.find((c) => c.versionId === r.versionId)?.trafficRatio !== r.trafficRatio,
  );
  if (!differs) return null;
  return service.routing
    .map((r) => `${service.configurations.find((c) => c.versionId === r.versionId)?.version ?? r.versionId}: ${r.trafficRatio}%`)
    .join(", ");
}

/** What the platform drives the service towards; nothing drives a failed one until it is started. */
export function desiredStateText(service: Pick<ServiceDetail, "state" | "desiredState">): string {
  return service.state === "Failed" ? "None: it stays Failed until you start it again" : service.desiredState;
}

// The public pool's own name already says what it is; dedicated pools are the user's names.
function poolText(service: ServiceDetail): string {
  const names = service.pools.map((pool) => pool.name).join(", ");
  if (service.poolType === "public") return names || "Public resource pool";
  return `Dedicated: ${names || "—"}`;
}

export function OverviewPanel({ service }: { service: ServiceDetail }) {
  const collection = service.dataCollection;
  return (
    <section aria-labelledby="sd-overview-heading">
      <h2 id="sd-overview-heading">Overview &amp; configuration</h2>
      <dl className="sd-facts">
        <dt>AI application</dt>
        <dd>{service.applicationName}</dd>
        <dt>Resource pool</dt>
        <dd>{poolText(service)}</dd>
        <dt>Multi-pool load balancing</dt>
        <dd>{service.multiPoolLoadBalancing ? "On (instances and traffic split evenly over two pools)" : "Off"}</dd>
        <dt>Timeout</dt>
        <dd>{service.timeoutMinutes} minutes</dd>
        <dt>WebSocket</dt>
        <dd>{service.websocket ? "On" : "Off"}</dd>
        <dt>Data collection</dt>
        <dd>
          {collection.enabled
            ? `On: ${collection.samplingPercent ?? "?"}% of calls kept ${collection.retentionDays ?? "?"} days`
            : "Off"}
        </dd>
        <dt>Traffic limit</dt>
        <dd>{service.trafficLimit ? `${countNoun(service.trafficLimit.requestsPerSecond, "request")} per second` : "No limit"}</dd>
        <dt>Auto Stop</dt>
        <dd>
          {autoStopSetting(service)}
          {service.autoStopAt ? (
            <>
              {" "}
              (<AutoStopCountdown autoStopAt={service.autoStopAt} />)
            </>
          ) : null}
        </dd>
        <dt>Revision</dt>
        <dd>{service.revision}</dd>
        {routingNow(service) ? (
          <>
            <dt>Traffic now</dt>
            <dd>{routingNow(service)}</dd>
          </>
        ) : null}
        <dt>Desired state</dt>
        <dd>{desiredStateText(service)}</dd>
        <dt>Created</dt>
        <dd>
          <RelativeTime value={service.createdAt} />
        </dd>
        <dt>Last change</dt>
        <dd>
          <RelativeTime value={service.updatedAt} />
        </dd>
        <dt>Service ID</dt>
        <dd>
          <CopyableValue value={service.id} what="service ID" />
        </dd>
      </dl>

      <h3>AI application versions and configurations</h3>
      {service.configurations.length === 0 ? <p className="sd-muted">No configurations.</p> : null}
      {service.configurations.map((configuration) => (
        <article key={configuration.id} className="sd-card" aria-labelledby={`sd-config-${configuration.id}`}>
          <h4 id={`sd-config-${configuration.id}`}>
            {configuration.applicationName} {configuration.version}
          </h4>
          <dl className="sd-facts">
            <dt>Traffic ratio</dt>
            <dd>{configuration.trafficRatio}%</dd>
            <dt>Specification</dt>
            <dd>{configuration.flavorName}</dd>
            <dt>Compute nodes</dt>
            <dd>
              {configuration.computeNodes} ({configuration.computeNodes > 1 ? "distributed" : "standalone"})
            </dd>
          </dl>
          <h5>Environment variables</h5>
          <EnvVarList
            envVars={configuration.envVars}
            label={`Environment variables of ${configuration.applicationName} ${configuration.version}`}
          />
        </article>
      ))}
    </section>
  );
}
