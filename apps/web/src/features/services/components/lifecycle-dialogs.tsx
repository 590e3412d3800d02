// The confirmations of Stop and Cancel for the list and the details page, worded once: the
// dialog runs the caller's mutation (whose busy state the caller's buttons also show), closes on
// success and says what happened. Stop and Cancel interrupt calls, so neither runs on one click.
import type { ServiceDetail, ServiceState } from "@rts/contracts";
import type { UseMutationResult } from "@tanstack/react-query";
import { ConfirmDialog } from "../../../components/ui/confirm-dialog/confirm-dialog.tsx";
import { describeError } from "../../../components/ui/error-state/error-state.tsx";
import { serviceNotices } from "./service-notices.ts";

interface LifecycleDialogProps {
  open: boolean;
  /** `state` is the one the dialog was opened in: its wording does not follow live updates. */
  service: { id: string; name: string; state: ServiceState; poolType?: "public" | "dedicated" };
  action: UseMutationResult<ServiceDetail, unknown, string>;
  onClose: () => void;
}

function errorText(error: unknown): string | null {
  return error ? describeError(error).detail || describeError(error).title : null;
}

export function StopServiceDialog({ open, service, action, onClose }: LifecycleDialogProps) {
  return (
    <ConfirmDialog
      open={open}
      title={`Stop ${service.name}?`}
      confirmLabel="Stop service"
      cancelLabel="Keep running"
      busy={action.isPending}
      error={errorText(action.error)}
      onConfirm={() =>
        action.mutate(service.id, {
          onSuccess: (stopped) => {
            onClose();
            serviceNotices.stopped(service.name, stopped);
          },
        })
      }
      onClose={onClose}
    >
      <p>
        It stops answering calls and its instances stop. Start brings it back with the same settings.
        {service.poolType === "dedicated" ? "" : " A public-pool service keeps holding its quota while Stopped; delete it to free the quota."}
      </p>
    </ConfirmDialog>
  );
}

export function CancelServiceDialog({ open, service, action, onClose }: LifecycleDialogProps) {
  const update = service.state === "Updating";
  return (
    <ConfirmDialog
      open={open}
      title={update ? `Cancel the update of ${service.name}?` : `Cancel the deploy of ${service.name}?`}
      confirmLabel={update ? "Cancel update" : "Cancel deploy"}
      cancelLabel={update ? "Keep updating" : "Keep deploying"}
      busy={action.isPending}
      error={errorText(action.error)}
      onConfirm={() =>
        action.mutate(service.id, {
          onSuccess: () => {
            onClose();
            serviceNotices.cancelled(service.name, service.state);
          },
        })
      }
      onClose={onClose}
    >
      <p>
        {update
          ? "The new instances stop and the service goes back to the revision before this change. The instances serving now keep serving."
          : "The instances started so far stop and the service goes to Stopped. Start deploys it again later."}
      </p>
    </ConfirmDialog>
  );
}
