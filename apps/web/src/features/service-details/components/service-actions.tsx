// Modify / Stop / Start / Cancel / Delete, enabled by the same rules the API enforces. Stop,
// Cancel and Delete ask first; Cancel shows only while a deploy or an update is in progress.
import { canCancel, canModify, canStart, canStop, transitionRefusal, type ServiceDetail, type ServiceState } from "@rts/contracts";
import { useState } from "react";
import { useNavigate } from "react-router";
import { Button, ButtonLink } from "../../../components/ui/button/button.tsx";
import { ConfirmDialog } from "../../../components/ui/confirm-dialog/confirm-dialog.tsx";
import { describeError } from "../../../components/ui/error-state/error-state.tsx";
import { paths } from "../../../config/paths.ts";
import { useCancelService, useDeleteService, useStartService, useStopService } from "../../../api/services/services-mutations.ts";
import { CancelServiceDialog, StopServiceDialog } from "../../services/components/lifecycle-dialogs.tsx";
import { serviceNotices } from "../../services/components/service-notices.ts";

type Confirming = { action: "stop" | "cancel" | "delete"; state: ServiceState } | null;

export function ServiceActions({ service }: { service: ServiceDetail }) {
  const navigate = useNavigate();
  const stop = useStopService();
  const start = useStartService();
  const remove = useDeleteService();
  const cancel = useCancelService();
  const [confirming, setConfirming] = useState<Confirming>(null);

  const busy = stop.isPending || start.isPending || remove.isPending || cancel.isPending;
  const actionError = start.error;

  function ask(action: NonNullable<Confirming>["action"]) {
    stop.reset();
    start.reset();
    remove.reset();
    cancel.reset();
    // The dialog keeps the wording of the state it was opened in, whatever arrives live meanwhile.
    setConfirming({ action, state: service.state });
  }

  return (
    <div className="sd-actions">
      <div className="sd-action-buttons">
        {canModify(service.state) ? (
          <ButtonLink to={paths.modifyService(service.id)} variant="primary">
            Modify
          </ButtonLink>
        ) : (
          <Button variant="primary" disabledReason={transitionRefusal("modify", service.state)}>
            Modify
          </Button>
        )}
        <Button
          disabledReason={canStop(service.state) ? null : transitionRefusal("stop", service.state)}
          busy={stop.isPending}
          disabled={busy}
          onClick={() => ask("stop")}
        >
          Stop
        </Button>
        <Button
          disabledReason={canStart(service.state) ? null : transitionRefusal("start", service.state)}
          busy={start.isPending}
          disabled={busy}
          onClick={() => {
            stop.reset();
            cancel.reset();
            start.mutate(service.id, { onSuccess: () => serviceNotices.started(service.name) });
          }}
        >
          Start
        </Button>
        {canCancel(service.state) ? (
          <Button busy={cancel.isPending} disabled={busy} onClick={() => ask("cancel")}>
            {service.state === "Updating" ? "Cancel update" : "Cancel deploy"}
          </Button>
        ) : null}
        <Button
          variant="danger"
          disabledReason={service.state === "Deleting" ? "The service is already being deleted." : null}
          disabled={busy}
          onClick={() => ask("delete")}
        >
          Delete
        </Button>
      </div>
      <p className="sd-action-error" role="alert">
        {actionError ? `${describeError(actionError).title}: ${describeError(actionError).detail}` : ""}
      </p>
      <StopServiceDialog
        open={confirming?.action === "stop"}
        service={{ ...service, state: confirming?.state ?? service.state }}
        action={stop}
        onClose={() => setConfirming(null)}
      />
      <CancelServiceDialog
        open={confirming?.action === "cancel"}
        service={{ ...service, state: confirming?.state ?? service.state }}
        action={cancel}
        onClose={() => setConfirming(null)}
      />
      <ConfirmDialog
        open={confirming?.action === "delete"}
        title={`Delete ${service.name}?`}
        confirmLabel="Delete service"
        busy={remove.isPending}
        error={remove.error ? describeError(remove.error).detail : null}
        onClose={() => setConfirming(null)}
        onConfirm={() =>
          remove.mutate(service.id, {
            onSuccess: (answer) => {
              serviceNotices.deleted(service.name, answer);
              navigate("/services");
            },
          })
        }
      >
        Its instances stop, its quota and its slot are freed, and it can no longer be called. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}
