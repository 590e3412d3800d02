// Asks before what the user entered in the wizard is thrown away (Cancel, or leaving the page).
// The safe choice, staying, has the focus.
import { ConfirmDialog } from "../../../components/ui/confirm-dialog/confirm-dialog.tsx";

export const DISCARD_TEXT = {
  deploy: {
    title: "Discard this deploy?",
    body: "What you entered is not deployed and will be lost.",
    discard: "Discard",
    keep: "Keep editing",
  },
  modify: {
    title: "Discard your changes?",
    body: "The service keeps its current settings; the changes made on this page will be lost.",
    discard: "Discard changes",
    keep: "Keep editing",
  },
} as const;

export function DiscardChangesDialog({
  open,
  modify,
  onDiscard,
  onKeep,
}: {
  open: boolean;
  modify: boolean;
  onDiscard: () => void;
  onKeep: () => void;
}) {
  const text = modify ? DISCARD_TEXT.modify : DISCARD_TEXT.deploy;
  return (
    <ConfirmDialog open={open} title={text.title} confirmLabel={text.discard} cancelLabel={text.keep} onConfirm={onDiscard} onClose={onKeep}>
      <p>{text.body}</p>
    </ConfirmDialog>
  );
}
