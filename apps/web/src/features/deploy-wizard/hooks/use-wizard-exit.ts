// What a wizard page needs to ask before its changes are lost: whether the form has changes (told
// by the wizard), and whether the page is leaving on purpose (after a submit, or a Cancel the user
// already confirmed), when nothing should be asked.
import { useCallback, useRef } from "react";

export function useWizardExit() {
  const dirty = useRef(false);
  const leaving = useRef(false);
  const onDirtyChange = useCallback((isDirty: boolean) => {
    dirty.current = isDirty;
  }, []);
  const shouldBlock = useCallback(() => dirty.current && !leaving.current, []);
  const leave = useCallback(() => {
    leaving.current = true;
  }, []);
  return { onDirtyChange, shouldBlock, leave };
}
