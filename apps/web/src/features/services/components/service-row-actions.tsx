// Stop / Start / Delete for one row. Buttons the state does not allow are disabled and say why
// (the same sentence the API answers with in its 409).
import { canStart, canStop, transitionRefusal, type ServiceSummary } from "@rts/contracts";
import { Button } from "../../../components/ui/button/button.tsx";
import { useStartService } from "../api/start-service.ts";
import { useStopService } from "../api/stop-service.ts";

export interface ServiceRowActionsProps {
  service: ServiceSummary;
  onRequestDelete: (service: ServiceSummary) => void;
  onActionError: (service: ServiceSummary, action: string, error: unknown) => void;
}

export function ServiceRowActions({ service, onRequestDelete, onActionError }: ServiceRowActionsProps) {
  const stop = useStopService();
  const start = useStartService();
  const label = (verb: string) => `${verb} ${service.name}`;
  return (
    <div className="row-actions">
      <Button
        size="sm"
        aria-label={label("Stop")}
        disabledReason={canStop(service.state) ? null : transitionRefusal("stop", service.state)}
        busy={stop.isPending}
        onClick={() => stop.mutate(service.id, { onError: (error) => onActionError(service, "stop", error) })}
      >
        Stop
      </Button>
      <Button
        size="sm"
        aria-label={label("Start")}
        disabledReason={canStart(service.state) ? null : transitionRefusal("start", service.state)}
        busy={start.isPending}
        onClick={() => start.mutate(service.id, { onError: (error) => onActionError(service, "start", error) })}
      >
        Start
      </Button>
      <Button size="sm" variant="danger" aria-label={label("Delete")} onClick={() => onRequestDelete(service)}>
        Delete
      </Button>
    </div>
  );
}
