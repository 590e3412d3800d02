import type { ServiceDetail } from "@rts/contracts";
import { Link } from "react-router";
import { StateBadge } from "../../../components/ui/state-badge/state-badge.tsx";
import { ServiceActions } from "./service-actions.tsx";

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
    </header>
  );
}
