// An instance's runtime state as a status indicator; a state the console does not know yet still
// shows as its own words.
import { StatusBadge, type StatusTone } from "../status-badge/status-badge.tsx";

const TONE: Record<string, StatusTone> = {
  Pending: "progress",
  Starting: "progress",
  Healthy: "good",
  Unhealthy: "warn",
  Exited: "bad",
  Stopped: "idle",
};

export function InstanceStateBadge({ state }: { state: string }) {
  return (
    <StatusBadge tone={TONE[state] ?? "info"} data-instance-state={state}>
      {state}
    </StatusBadge>
  );
}
