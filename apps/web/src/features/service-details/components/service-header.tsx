import type { ServiceDetail } from "@rts/contracts";
import { PageHeader } from "../../../components/ui/page-header/page-header.tsx";
import { StateBadge } from "../../../components/ui/state-badge/state-badge.tsx";
import { paths } from "../../../config/paths.ts";
import { AutoStopCountdown } from "../../services/components/auto-stop-countdown.tsx";
import { DeadlineCountdown } from "./deadline-countdown.tsx";
import { ServiceActions } from "./service-actions.tsx";
import { UpdateProgress } from "./update-progress.tsx";

export function serviceCrumbs(name: string) {
  return [{ label: "Real-Time Services", to: paths.services }, { label: name }];
}

export function ServiceHeader({ service }: { service: ServiceDetail }) {
  return (
    <div className="sd-header">
      <PageHeader
        title={service.name}
        breadcrumbs={serviceCrumbs(service.name)}
        description={service.description || undefined}
        actions={<ServiceActions service={service} />}
      >
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
      </PageHeader>
    </div>
  );
}
