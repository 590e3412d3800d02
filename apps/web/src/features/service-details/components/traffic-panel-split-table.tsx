// The split the gateway routes by now next to the configured ratios (and a rollout's target while
// one runs). They differ during an update or a rollout; the sentence under the table says so.
import type { Rollout, ServiceDetail } from "@rts/contracts";
import { ratioOf } from "../../rollouts/rollout-progress.ts";
import { versionRows } from "./traffic-panel-ratios.ts";
import { TableScroll } from "../../../components/ui/table-scroll/table-scroll.tsx";

function percent(value: number | null): string {
  return value === null ? "—" : `${value}%`;
}

export function TrafficSplitTable({ service, rollout }: { service: ServiceDetail; rollout: Rollout | null }) {
  const configured = service.configurations.map((c) => ({ versionId: c.versionId, trafficRatio: c.trafficRatio }));
  const rows = versionRows(service, rollout?.targetRatios ?? []);
  const differs = rows.some((row) => ratioOf(service.routing, row.versionId) !== ratioOf(configured, row.versionId));
  return (
    <section className="tp-section" aria-labelledby="tp-split-heading">
      <h3 id="tp-split-heading">Traffic split</h3>
      <TableScroll label="Traffic split table">
        <table className="sd-table">
          <caption className="sr-only">Traffic Ratio (%) per version: live split and configured</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col" className="sd-number">
                Live split
              </th>
              <th scope="col" className="sd-number">
                Configured
              </th>
              {rollout ? (
                <th scope="col" className="sd-number">
                  Rollout target
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.versionId} data-version-id={row.versionId}>
                <th scope="row">{row.label}</th>
                <td className="sd-number" data-testid="live-ratio">
                  {percent(ratioOf(service.routing, row.versionId))}
                </td>
                <td className="sd-number">{percent(ratioOf(configured, row.versionId))}</td>
                {rollout ? <td className="sd-number">{percent(ratioOf(rollout.targetRatios, row.versionId))}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="tp-differs sd-muted">
        {differs
          ? rollout
            ? "The live split differs from the configured ratios: a progressive rollout is moving traffic step by step."
            : "The live split differs from the configured ratios: an update is under way, and the gateway keeps the old split until the new instances are healthy."
          : "The gateway routes by the configured ratios."}
      </p>
    </section>
  );
}
