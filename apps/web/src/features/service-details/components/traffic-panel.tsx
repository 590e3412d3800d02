// Traffic (R16): the split the gateway routes by next to the configured ratios, a quick ratio
// edit, and progressive rollouts (start, watch every second, pause/resume/promote/abort).
import type { ServiceDetail } from "@rts/contracts";
import { useRollouts } from "../../../api/rollouts/rollouts.ts";
import { isRolloutActive } from "../../rollouts/rollout-states.ts";
import { ErrorLine, LoadingLine } from "./query-state.tsx";
import { RatioEditForm } from "./traffic-panel-ratio-form.tsx";
import { versionRows } from "./traffic-panel-ratios.ts";
import { StartRolloutForm } from "./traffic-panel-rollout-form.tsx";
import { RolloutStatus } from "./traffic-panel-rollout-status.tsx";
import { TrafficSplitTable } from "./traffic-panel-split-table.tsx";
import "./traffic-panel.css";

export function TrafficPanel({ service }: { service: ServiceDetail }) {
  const rollouts = useRollouts(service.id);
  const newest = rollouts.data?.items[0] ?? null;
  const active = newest && isRolloutActive(newest.state) ? newest : null;
  const rows = versionRows(service, ...(newest ? [newest.startRatios, newest.targetRatios] : []));

  return (
    <section aria-labelledby="sd-traffic-heading">
      <h2 id="sd-traffic-heading">Traffic</h2>
      <TrafficSplitTable service={service} rollout={active} />
      <RatioEditForm service={service} rolloutActive={active !== null} />
      <section className="tp-section" aria-labelledby="tp-rollout-heading">
        <h3 id="tp-rollout-heading">Progressive rollout</h3>
        {rollouts.isPending ? <LoadingLine what="rollouts" /> : null}
        {rollouts.isError ? <ErrorLine what="rollouts" error={rollouts.error} onRetry={() => void rollouts.refetch()} /> : null}
        {newest ? <RolloutStatus service={service} rollout={newest} rows={rows} /> : null}
        {rollouts.isSuccess && newest === null ? <p className="sd-muted">No rollout yet.</p> : null}
        {rollouts.isSuccess && active === null ? (
          service.configurations.length < 2 ? (
            <p className="sd-muted">A progressive rollout moves traffic between versions: add a second version with Modify first.</p>
          ) : (
            <StartRolloutForm service={service} />
          )
        ) : null}
      </section>
    </section>
  );
}
