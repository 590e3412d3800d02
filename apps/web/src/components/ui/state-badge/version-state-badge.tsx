// An AI application version's state as a status indicator; only Normal versions can be deployed.
import type { AppVersionState } from "@rts/contracts";
import { StatusBadge, type StatusTone } from "../status-badge/status-badge.tsx";

const TONE: Record<AppVersionState, StatusTone> = {
  Normal: "good",
  Building: "progress",
  Failed: "bad",
  Deleting: "progress",
};

export function VersionStateBadge({ state }: { state: AppVersionState }) {
  return (
    <StatusBadge tone={TONE[state]} data-version-state={state}>
      {state}
    </StatusBadge>
  );
}
