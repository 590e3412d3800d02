// The split by version as text: what a gray launch is judged by (is the new version slower or
// failing more?), readable without the charts and at 390 px (the table scrolls inside its box).
import type { ServiceMetrics } from "@rts/contracts";
import { formatMs } from "../formatting.ts";
import { errorRate, versionName } from "./metrics-series.ts";

export function MetricsByVersionTable({ metrics, rangeLabel }: { metrics: ServiceMetrics; rangeLabel: string }) {
  const caption = `By version, ${rangeLabel.toLowerCase()}`;
  return (
    <div className="mon-table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="sd-table">
        <caption className="mon-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col" className="sd-number">Traffic now</th>
            <th scope="col" className="sd-number">Calls</th>
            <th scope="col" className="sd-number">Errors</th>
            <th scope="col" className="sd-number">p50</th>
            <th scope="col" className="sd-number">p95</th>
            <th scope="col" className="sd-number">p99</th>
          </tr>
        </thead>
        <tbody>
          {metrics.versions.map((version) => (
            <tr key={version.versionId}>
              <th scope="row">{versionName(version)}</th>
              <td className="sd-number">{version.trafficRatio === null ? "No longer serving" : `${version.trafficRatio}%`}</td>
              <td className="sd-number">{version.totals.calls}</td>
              <td className="sd-number">
                {version.totals.calls > 0 ? `${version.totals.errors} (${errorRate(version.totals.calls, version.totals.errors)})` : "0"}
              </td>
              <td className="sd-number">{formatMs(version.totals.p50Ms)}</td>
              <td className="sd-number">{formatMs(version.totals.p95Ms)}</td>
              <td className="sd-number">{formatMs(version.totals.p99Ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
