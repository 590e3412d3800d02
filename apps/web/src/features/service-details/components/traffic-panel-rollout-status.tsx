// A rollout as it stands: its state in words, the split it started from, holds now and aims at,
// the step and the bake time left, why it ended, the controls that make sense in its state, and
// its steps' measurements.
import type { Rollout, RolloutState, ServiceDetail, TrafficSplit } from "@rts/contracts";
import { useEffect, useState } from "react";
import { Button } from "../../../components/ui/button/button.tsx";
import { ConfirmDialog } from "../../../components/ui/confirm-dialog/confirm-dialog.tsx";
import { describeError } from "../../../components/ui/error-state/error-state.tsx";
import { notify } from "../../../components/ui/toast/notifications.ts";
import { useControlRollout } from "../../../api/rollouts/rollouts.ts";
import { bakeSecondsLeft, ratioOf, totalSteps } from "../../rollouts/rollout-progress.ts";
import { isRolloutActive, rolloutActionRefusal, type RolloutAction } from "../../rollouts/rollout-states.ts";
import { formatDateTime } from "../formatting.ts";
import { RolloutHistory } from "./traffic-panel-rollout-history.tsx";
import type { VersionRow } from "./traffic-panel-ratios.ts";
import { TableScroll } from "../../../components/ui/table-scroll/table-scroll.tsx";

const STATE_LOOK: Record<RolloutState, { symbol: string; text: string }> = {
  Running: { symbol: "▶", text: "Running" },
  Paused: { symbol: "‖", text: "Paused" },
  Completed: { symbol: "✓", text: "Completed" },
  RolledBack: { symbol: "↩", text: "Rolled back" },
  Aborted: { symbol: "■", text: "Aborted" },
};

const ROLLOUT_ACTION_DONE: Record<RolloutAction, string> = {
  pause: "Rollout paused",
  resume: "Rollout resumed",
  promote: "Rollout promoted",
  abort: "Rollout aborted",
};

function useSecondTicks(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function splitText(split: TrafficSplit, rows: readonly VersionRow[]): string {
  return rows
    .filter((row) => ratioOf(split, row.versionId) !== null)
    .map((row) => `${row.label} ${ratioOf(split, row.versionId)}%`)
    .join(", ");
}

function BakeLine({ rollout, now }: { rollout: Rollout; now: number }) {
  if (rollout.state === "Paused") return <>Paused: no step moves and nothing is judged until you resume.</>;
  if (rollout.state !== "Running") return <>Ended {formatDateTime(rollout.finishedAt)}.</>;
  const left = bakeSecondsLeft(rollout, now);
  if (left > 0) return <>{left} s left of this step&apos;s {rollout.bakeSeconds} s bake.</>;
  return (
    <>
      Bake over: the guards judge this step once the new version got at least {rollout.guards.minCalls} calls in it.
    </>
  );
}

export function RolloutStatus({ service, rollout, rows }: { service: ServiceDetail; rollout: Rollout; rows: readonly VersionRow[] }) {
  const control = useControlRollout(service.id);
  const [confirming, setConfirming] = useState<"promote" | "abort" | null>(null);
  const active = isRolloutActive(rollout.state);
  const now = useSecondTicks(rollout.state === "Running");
  const look = STATE_LOOK[rollout.state];
  const steps = totalSteps(rollout);

  function act(action: RolloutAction) {
    control.mutate(
      { rolloutId: rollout.id, action },
      {
        onSuccess: () => {
          setConfirming(null);
          notify(ROLLOUT_ACTION_DONE[action], service.name);
        },
      },
    );
  }

  function confirm(action: "promote" | "abort") {
    control.reset();
    setConfirming(action);
  }

  function actionButton(action: "pause" | "resume", label: string) {
    const refusal = rolloutActionRefusal(action, rollout.state);
    return (
      <Button
        disabledReason={control.isPending ? null : refusal}
        disabled={control.isPending}
        busy={control.isPending && control.variables.action === action}
        onClick={() => {
          control.reset();
          act(action);
        }}
      >
        {label}
      </Button>
    );
  }

  return (
    <article className="sd-card" aria-labelledby="tp-rollout-title" data-rollout-state={rollout.state}>
      <h4 id="tp-rollout-title">Rollout started {formatDateTime(rollout.createdAt)}</h4>
      <dl className="tp-facts">
        <dt>State</dt>
        {/* Only the state is announced: the bake counts down every second. */}
        <dd aria-live="polite">
          <span className="tp-rollout-state" data-state={rollout.state} data-testid="rollout-state">
            <span aria-hidden="true">{look.symbol}</span> {look.text}
          </span>
        </dd>
        <dt>Step</dt>
        <dd data-testid="rollout-step">
          Step {rollout.step} of {steps} ({rollout.stepPercent} points a step)
        </dd>
        <dt>Bake</dt>
        <dd>
          <BakeLine rollout={rollout} now={now} />
        </dd>
        {rollout.reason ? (
          <>
            <dt>{active ? "Note" : "Why it ended"}</dt>
            <dd className="tp-reason" data-testid="rollout-reason">
              {rollout.reason}
            </dd>
          </>
        ) : null}
      </dl>
      <TableScroll label="Rollout ratios table">
        <table className="sd-table">
          <caption className="sr-only">Traffic Ratio (%) per version: at the start, now and the target</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col" className="sd-number">
                Start
              </th>
              <th scope="col" className="sd-number">
                Now
              </th>
              <th scope="col" className="sd-number">
                Target
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.versionId}>
                <th scope="row">{row.label}</th>
                <td className="sd-number">{ratioOf(rollout.startRatios, row.versionId) ?? "—"}%</td>
                <td className="sd-number" data-testid="rollout-current-ratio">
                  {ratioOf(rollout.currentRatios, row.versionId) ?? "—"}%
                </td>
                <td className="sd-number">{ratioOf(rollout.targetRatios, row.versionId) ?? "—"}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {active ? (
        <>
          <div className="tp-actions" role="group" aria-label="Rollout controls">
            {actionButton("pause", "Pause")}
            {actionButton("resume", "Resume")}
            <Button variant="primary" disabled={control.isPending} onClick={() => confirm("promote")}>
              Promote
            </Button>
            <Button variant="danger" disabled={control.isPending} onClick={() => confirm("abort")}>
              Abort
            </Button>
          </div>
          <p className="sd-action-error" role="alert">
            {control.error && confirming === null ? `${describeError(control.error).title} ${describeError(control.error).detail}` : ""}
          </p>
        </>
      ) : null}
      <h5>Steps</h5>
      <RolloutHistory rollout={rollout} rows={rows} />
      <ConfirmDialog
        open={confirming === "promote"}
        title="Promote to the target now?"
        confirmLabel="Promote"
        tone="primary"
        busy={control.isPending}
        error={control.error ? describeError(control.error).detail : null}
        onClose={() => setConfirming(null)}
        onConfirm={() => act("promote")}
      >
        All traffic moves to the target split at once ({splitText(rollout.targetRatios, rows)}), without further steps or guards.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === "abort"}
        title="Abort the rollout?"
        confirmLabel="Abort rollout"
        busy={control.isPending}
        error={control.error ? describeError(control.error).detail : null}
        onClose={() => setConfirming(null)}
        onConfirm={() => act("abort")}
      >
        Traffic goes back to the split the rollout started from ({splitText(rollout.startRatios, rows)}).
      </ConfirmDialog>
    </article>
  );
}
