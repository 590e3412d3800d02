// Loaded with React.lazy from the monitoring panel: recharts stays out of the first page's bundle.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ServiceMetrics } from "@rts/contracts";
import { formatMinute } from "../formatting.ts";

const CHART_HEIGHT = 220;

export default function MetricsCharts({ series }: { series: ServiceMetrics["series"] }) {
  const data = series.map((point) => ({ ...point, label: formatMinute(point.minute) }));
  return (
    <div className="sd-charts">
      <figure className="sd-chart">
        <figcaption>Calls and errors per minute</figcaption>
        <BarChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar dataKey="calls" name="Calls" fill="#1f5fbf" isAnimationActive={false} />
          <Bar dataKey="errors" name="Errors" fill="#b42318" isAnimationActive={false} />
        </BarChart>
      </figure>
      <figure className="sd-chart">
        <figcaption>Latency percentiles per minute (ms)</figcaption>
        <LineChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis unit=" ms" />
          <Tooltip />
          <Legend />
          <Line dataKey="p50Ms" name="p50" stroke="#17733a" dot={false} connectNulls isAnimationActive={false} />
          <Line dataKey="p95Ms" name="p95" stroke="#8a5a00" strokeDasharray="6 3" dot={false} connectNulls isAnimationActive={false} />
          <Line dataKey="p99Ms" name="p99" stroke="#b42318" strokeDasharray="2 2" dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      </figure>
    </div>
  );
}
