// A rollout's steps as charts and as a table (the text alternative): per step and version, the
// share of traffic, calls, 5xx rate and p99 the gateway measured, and the guards' verdict.
import type { Rollout } from "@rts/contracts";
import { lazy, Suspense } from "react";
import { formatDateTime, formatMs } from "../formatting.ts";
import type { VersionRow } from "./traffic-panel-ratios.ts";
import { TableScroll } from "../../../components/ui/table-scroll/table-scroll.tsx";

const RolloutCharts = lazy(() => import("./traffic-panel-rollout-chart.tsx"));

function errorRateText(rate: number | null, errors: number, calls: number): string {
  if (rate === null) return calls === 0 ? "no calls" : "—";
  return `${rate.toFixed(rate < 10 ? 1 : 0)}% (${errors} of ${calls})`;
}

export function RolloutHistory({ rollout, rows }: { rollout: Rollout; rows: readonly VersionRow[] }) {
  if (rollout.history.length === 0) {
    return <p className="sd-empty">No step has been judged yet: the first one is judged when its bake is over.</p>;
  }
  return (
    <>
      <p className="sr-only">The charts show the table below: share of traffic, 5xx rate and p99 per step and version.</p>
      <Suspense fallback={<div className="tp-charts-placeholder">Loading charts…</div>}>
        <RolloutCharts rollout={rollout} rows={rows} />
      </Suspense>
      <TableScroll label="Rollout steps table">
        <table className="sd-table" aria-label="Rollout steps">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Version</th>
              <th scope="col" className="sd-number">
                Share of traffic
              </th>
              <th scope="col" className="sd-number">
                Calls
              </th>
              <th scope="col" className="sd-number">
                5xx rate
              </th>
              <th scope="col" className="sd-number">
                p99
              </th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          {rollout.history.map((step) => {
            const stepRows = rows.filter((row) => step.ratios.some((r) => r.versionId === row.versionId) || step.measurements.some((m) => m.versionId === row.versionId));
            return (
              <tbody key={step.step} data-step={step.step}>
                {stepRows.map((row, index) => {
                  const measured = step.measurements.find((m) => m.versionId === row.versionId);
                  const share = step.ratios.find((r) => r.versionId === row.versionId)?.trafficRatio;
                  return (
                    <tr key={row.versionId}>
                      {index === 0 ? (
                        <th scope="rowgroup" rowSpan={stepRows.length}>
                          Step {step.step}
                          <span className="cell-sub">{formatDateTime(step.at)}</span>
                        </th>
                      ) : null}
                      <th scope="row">{row.label}</th>
                      <td className="sd-number">{share === undefined ? "—" : `${share}%`}</td>
                      <td className="sd-number">{measured?.calls ?? 0}</td>
                      <td className="sd-number">{errorRateText(measured?.errorRatePercent ?? null, measured?.errors ?? 0, measured?.calls ?? 0)}</td>
                      <td className="sd-number">{formatMs(measured?.p99Ms)}</td>
                      {index === 0 ? (
<td rowSpan={stepRows.length}>{step.verdict}</td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            );
          })}
        </table>
      </TableScroll>
    </>
  );
}
