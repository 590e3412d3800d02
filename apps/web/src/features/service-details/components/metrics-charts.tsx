// Loaded with React.lazy from the monitoring panel: recharts stays out of the first page's bundle.
// The API lists every bucket of the window, so the axis always spans the whole range and a quiet
// bucket is drawn as no traffic, never squeezed out.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ServiceMetrics } from "@rts/contracts";
import type { ReactElement } from "react";
import { formatDateTime } from "../formatting.ts";
import { chartRows, chartVersions, type ChartRow, type ChartVersion } from "./metrics-series.ts";

const CHART_HEIGHT = 220;
const MARGIN = { top: 8, right: 16, bottom: 0, left: 0 };

function bucketTime(_label: unknown, payload: ReadonlyArray<{ payload?: ChartRow }>): string {
  const at = payload[0]?.payload?.at;
  return at ? formatDateTime(at) : "";
}

/** A count per bucket, one stacked bar segment per version. */
function StackedByVersion({
  title,
  field,
  rows,
  versions,
  xAxis,
}: {
  title: string;
  field: "Calls" | "Errors";
  rows: ChartRow[];
  versions: ChartVersion[];
  xAxis: ReactElement;
}) {
  return (
    <figure className="sd-chart">
      <figcaption>{title}</figcaption>
      <BarChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={rows} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        {xAxis}
        <YAxis allowDecimals={false} />
        <Tooltip labelFormatter={bucketTime} />
        <Legend />
        {versions.map((v) => (
          <Bar key={v.key} dataKey={`${v.key}${field}`} name={v.name} stackId={field} fill={v.colour} isAnimationActive={false} />
        ))}
      </BarChart>
    </figure>
  );
}

export default function MetricsCharts({ metrics }: { metrics: ServiceMetrics }) {
  const rows = chartRows(metrics);
  const versions = chartVersions(metrics);
  const per = metrics.stepMinutes === 1 ? "per minute" : `per ${metrics.stepMinutes} minutes`;
  const xAxis = <XAxis dataKey="label" interval="preserveStartEnd" minTickGap={24} />;
  return (
    <div className="sd-charts">
      <StackedByVersion title={`Calls ${per}, by version`} field="Calls" rows={rows} versions={versions} xAxis={xAxis} />
      <StackedByVersion title={`Errors ${per}, by version`} field="Errors" rows={rows} versions={versions} xAxis={xAxis} />
      <figure className="sd-chart">
        <figcaption>p95 latency {per}, by version (ms; gaps are buckets without calls)</figcaption>
        <LineChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={rows} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          {xAxis}
          <YAxis unit=" ms" width={72} />
          <Tooltip labelFormatter={bucketTime} />
          <Legend />
          {versions.map((v, i) => (
            <Line
              key={v.key}
              dataKey={`${v.key}P95`}
              name={v.name}
              stroke={v.colour}
              strokeDasharray={i === 0 ? undefined : `${6 - (i % 3) * 2} 3`}
              dot={{ r: 2 }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </figure>
    </div>
  );
}
