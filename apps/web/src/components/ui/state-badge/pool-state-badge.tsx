// A dedicated pool's state as a status indicator.
import type { PoolState } from "@rts/contracts";
import { StatusBadge, type StatusTone } from "../status-badge/status-badge.tsx";

const TONE: Record<PoolState, StatusTone> = {
  Creating: "progress",
  Running: "good",
  Scaling: "progress",
  Abnormal: "bad",
  Deleting: "progress",
};

export function PoolStateBadge({ state }: { state: PoolState }) {
  return (
    <StatusBadge tone={TONE[state]} data-pool-state={state}>
      {state}
    </StatusBadge>
  );
}
