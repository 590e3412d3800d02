// Asks before a wizard with changes is left by navigation (a link, the browser's Back) and lets the
// browser ask on reload or close. react-router's blocker needs the app's data router, so the route
// modules render this guard; stories and tests of the pages under a plain router go without it.
import { useCallback, useEffect } from "react";
import { useBlocker, type BlockerFunction } from "react-router";
import { DiscardChangesDialog } from "./discard-changes-dialog.tsx";

/** `shouldBlock` is asked at the moment of leaving, so refs (dirty, already leaving) can answer it. */
export function LeaveGuard({ shouldBlock, modify }: { shouldBlock: () => boolean; modify: boolean }) {
  const blockWhen = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && shouldBlock(),
    [shouldBlock],
  );
  const blocker = useBlocker(blockWhen);

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (shouldBlock()) event.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [shouldBlock]);

  return (
    <DiscardChangesDialog
      open={blocker.state === "blocked"}
      modify={modify}
      onDiscard={() => blocker.proceed?.()}
      onKeep={() => blocker.reset?.()}
    />
  );
}
