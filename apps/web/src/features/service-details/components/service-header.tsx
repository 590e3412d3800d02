import type { ServiceDetail } from "@rts/contracts";
import { Link } from "react-router";
import { StateBadge } from "../../../components/ui/state-badge/state-badge.tsx";
import { AutoStopCountdown } from "../../services/components/auto-stop-countdown.tsx";
import { DeadlineCountdown } from "./deadline-countdown.tsx";
import { ServiceActions } from "./service-actions.tsx";
import { UpdateProgress } from "./update-progress.tsx";

export function ServiceHeader({ service }: { service: ServiceDetail }) {
  return (
    <header className="sd-header">
      <nav aria-label="Breadcrumb">
        <Link to="/services">← Real-Time Services</Link>
      </nav>
      <div className="sd-title-row">
        <div>
          <h1>{service.name}</h1>
          {service.description ? <p className="sd-muted">{service.description}</p> : null}
        </div>
        <ServiceActions service={service} />
      </div>
      {/* Live region with reserved space: state changes are announced and move nothing. */}
      <div className="sd-state" aria-live="polite">
        <StateBadge state={service.state} />
        {service.stateReason ? <p className="sd-state-reason">{service.stateReason}</p> : null}
      </div>
      {/* Outside the live region: ticking countdowns are read when asked for, not every minute. */}
      <DeadlineCountdown service={service} />
      {service.autoStopAt ? (
        <p className="sd-muted">
          Auto Stop: <AutoStopCountdown autoStopAt={service.autoStopAt} />
        </p>
      ) : null}
      <UpdateProgress service={service} />
    </header>
  );
}
