import { canStart, canStop, transitionRefusal, type ServiceDetail } from "@rts/contracts";
import { useState } from "react";
import { useNavigate } from "react-router";
import { Button } from "../../../components/ui/button/button.tsx";
import { ConfirmDialog } from "../../../components/ui/confirm-dialog/confirm-dialog.tsx";
import { describeError } from "../../../components/ui/error-state/error-state.tsx";
import { useDeleteService } from "../api/delete-service.ts";
import { useStartService } from "../api/start-service.ts";
import { useStopService } from "../api/stop-service.ts";

/** Stop / Start / Delete, enabled by the same rules the API enforces; Delete asks first. */
export function ServiceActions({ service }: { service: ServiceDetail }) {
  const navigate = useNavigate();
  const stop = useStopService(service.id);
  const start = useStartService(service.id);
  const remove = useDeleteService(service.id);
  const [confirming, setConfirming] = useState(false);

  const busy = stop.isPending || start.isPending || remove.isPending;
  const actionError = stop.error ?? start.error;

  function resetAll() {
    stop.reset();
    start.reset();
    remove.reset();
  }

  return (
    <div className="sd-actions">
      <div className="sd-action-buttons">
        <Button
          disabledReason={canStop(service.state) ? null : transitionRefusal("stop", service.state)}
          busy={stop.isPending}
          disabled={busy}
          onClick={() => {
            resetAll();
            stop.mutate();
          }}
        >
          Stop
        </Button>
        <Button
          disabledReason={canStart(service.state) ? null : transitionRefusal("start", service.state)}
          busy={start.isPending}
          disabled={busy}
          onClick={() => {
            resetAll();
            start.mutate();
          }}
        >
          Start
        </Button>
        <Button
          variant="danger"
          disabledReason={service.state === "Deleting" ? "The service is already being deleted." : null}
          disabled={busy}
          onClick={() => {
            resetAll();
            setConfirming(true);
          }}
        >
          Delete
        </Button>
      </div>
      <p className="sd-action-error" role="alert">
        {actionError ? `${describeError(actionError).title}: ${describeError(actionError).detail}` : ""}
      </p>
      <ConfirmDialog
        open={confirming}
        title={`Delete ${service.name}?`}
        confirmLabel="Delete service"
        busy={remove.isPending}
        error={remove.error ? describeError(remove.error).detail : null}
        onClose={() => setConfirming(false)}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate("/services") })}
      >
        Its instances stop, its quota and its slot are freed, and it can no longer be called. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}
