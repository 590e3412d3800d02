// The confirmations of Stop and Cancel, worded once for the list and the details page. Stop and
// Cancel interrupt calls, so neither runs on a single click.
import type { ServiceState } from "@rts/contracts";
import { ConfirmDialog } from "../../../components/ui/confirm-dialog/confirm-dialog.tsx";

interface LifecycleDialogProps {
  open: boolean;
  service: { name: string; state: ServiceState; poolType?: "public" | "dedicated" };
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

export function StopServiceDialog({ open, service, busy, error, onConfirm, onClose }: LifecycleDialogProps) {
  return (
    <ConfirmDialog
      open={open}
      title={`Stop ${service.name}?`}
      confirmLabel="Stop service"
      cancelLabel="Keep running"
      busy={busy}
      error={error}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <p>
        It stops answering calls and its instances stop. Start brings it back with the same settings.
        {service.poolType === "dedicated" ? "" : " A public-pool service keeps holding its quota while Stopped; delete it to free the quota."}
      </p>
    </ConfirmDialog>
  );
}

export function CancelServiceDialog({ open, service, busy, error, onConfirm, onClose }: LifecycleDialogProps) {
  const update = service.state === "Updating";
  return (
    <ConfirmDialog
      open={open}
      title={update ? `Cancel the update of ${service.name}?` : `Cancel the deploy of ${service.name}?`}
      confirmLabel={update ? "Cancel update" : "Cancel deploy"}
      cancelLabel={update ? "Keep updating" : "Keep deploying"}
      busy={busy}
      error={error}
      onConfirm={onConfirm}
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
