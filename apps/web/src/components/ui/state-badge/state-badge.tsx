// A service state as text with a colour and a shape, never colour alone (accessibility).
import type { ServiceState } from "@rts/contracts";

const LOOK: Record<ServiceState, { tone: string; symbol: string; label?: string }> = {
  Deploying: { tone: "progress", symbol: "◌" },
  Updating: { tone: "progress", symbol: "◌" },
  Running: { tone: "good", symbol: "●" },
  Concerning: { tone: "warn", symbol: "▲", label: "Alarm" },
  Abnormal: { tone: "bad", symbol: "✖" },
  Failed: { tone: "bad", symbol: "✖" },
  Stopping: { tone: "progress", symbol: "◌" },
  Stopped: { tone: "idle", symbol: "■" },
  Deleting: { tone: "progress", symbol: "◌" },
};

export function StateBadge({ state }: { state: ServiceState }) {
  const look = LOOK[state];
  return (
    <span className={`state-badge state-${look.tone}`} data-state={state}>
      <span aria-hidden="true">{look.symbol}</span> {state}
      {look.label ? ` (${look.label})` : ""}
    </span>
  );
}
