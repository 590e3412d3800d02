// A service state as a status indicator. Concerning is what the seed calls an Alarm, so both words show.
import type { ServiceState } from "@rts/contracts";
import { StatusBadge, type StatusTone } from "../status-badge/status-badge.tsx";

const LOOK: Record<ServiceState, { tone: StatusTone; label?: string }> = {
  Deploying: { tone: "progress" },
  Updating: { tone: "progress" },
  Running: { tone: "good" },
  Concerning: { tone: "warn", label: "Alarm" },
  Abnormal: { tone: "bad" },
  Failed: { tone: "bad" },
  Stopping: { tone: "progress" },
  Stopped: { tone: "idle" },
  Deleting: { tone: "progress" },
};

export function StateBadge({ state }: { state: ServiceState }) {
  const look = LOOK[state];
  return (
    <StatusBadge tone={look.tone} data-state={state}>
      {state}
      {look.label ? ` (${look.label})` : ""}
    </StatusBadge>
  );
}
