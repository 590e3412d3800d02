// Modify / Stop / Start / Cancel / Delete for one row. Buttons the state does not allow are
// disabled and say why (the same sentence the API answers with in its 409); Stop and Cancel ask
// first. Cancel shows only while something is in progress (Deploying, Updating).
import { canCancel, canModify, canStart, canStop, transitionRefusal, type ServiceState, type ServiceSummary } from "@rts/contracts";
import { useState } from "react";
import { Button, ButtonLink } from "../../../components/ui/button/button.tsx";
import { paths } from "../../../config/paths.ts";
import { useCancelService, useStartService, useStopService } from "../../../api/services/services-mutations.ts";
import { CancelServiceDialog, StopServiceDialog } from "./lifecycle-dialogs.tsx";
import { serviceNotices } from "./service-notices.ts";

export interface ServiceRowActionsProps {
  service: ServiceSummary;
  onRequestDelete: (service: ServiceSummary) => void;
  onActionError: (service: ServiceSummary, action: string, error: unknown) => void;
}

export function ServiceRowActions({ service, onRequestDelete, onActionError }: ServiceRowActionsProps) {
  const stop = useStopService();
  const start = useStartService();
  const cancel = useCancelService();
  const [confirming, setConfirming] = useState<"stop" | "cancel" | null>(null);
  // The wording follows what was in progress when Cancel was pressed, not what a live update says.
  const [cancelledState, setCancelledState] = useState<ServiceState>(service.state);
  const label = (verb: string) => `${verb} ${service.name}`;
  return (
    <div className="row-actions">
      {canModify(service.state) ? (
        <ButtonLink size="sm" to={paths.modifyService(service.id)} aria-label={label("Modify")}>
          Modify
        </ButtonLink>
      ) : (
        <Button size="sm" aria-label={label("Modify")} disabledReason={transitionRefusal("modify", service.state)}>
          Modify
        </Button>
      )}
      <Button
        size="sm"
        aria-label={label("Stop")}
        disabledReason={canStop(service.state) ? null : transitionRefusal("stop", service.state)}
        busy={stop.isPending}
        onClick={() => {
          stop.reset();
          setConfirming("stop");
        }}
      >
        Stop
      </Button>
      <Button
        size="sm"
        aria-label={label("Start")}
        disabledReason={canStart(service.state) ? null : transitionRefusal("start", service.state)}
        busy={start.isPending}
        onClick={() => start.mutate(service.id, { onSuccess: () => serviceNotices.started(service.name), onError: (error) => onActionError(service, "start", error) })}
      >
        Start
      </Button>
      {canCancel(service.state) ? (
        <Button
          size="sm"
          aria-label={label("Cancel")}
          busy={cancel.isPending}
          onClick={() => {
            cancel.reset();
            setCancelledState(service.state);
            setConfirming("cancel");
          }}
        >
          Cancel
        </Button>
      ) : null}
      <Button size="sm" variant="danger" aria-label={label("Delete")} onClick={() => onRequestDelete(service)}>
        Delete
      </Button>
      <StopServiceDialog open={confirming === "stop"} service={service} action={stop} onClose={() => setConfirming(null)} />
      <CancelServiceDialog
        open={confirming === "cancel"}
        service={{ ...service, state: cancelledState }}
        action={cancel}
        onClose={() => setConfirming(null)}
      />
    </div>
  );
}
