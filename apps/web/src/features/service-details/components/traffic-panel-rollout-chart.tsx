// Loaded with React.lazy: recharts stays out of the first page's bundle. The charts are a picture
// of the steps table next to them, which is what screen readers read (hence aria-hidden here).
import type { Rollout } from "@rts/contracts";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { VersionRow } from "./traffic-panel-ratios.ts";

const CHART_HEIGHT = 200;
// Colour and dash together, so versions differ by more than colour.
const VERSION_LOOKS = [
  { stroke: "#1f5fbf", dash: undefined },
  { stroke: "#b42318", dash: "6 3" },
  { stroke: "#17733a", dash: "2 2" },
  { stroke: "#8a5a00", dash: "8 3 2 3" },
] as const;

type ChartPoint = Record<string, number | string | null>;

function chartData(rollout: Rollout, rows: readonly VersionRow[]): ChartPoint[] {
  return rollout.history.map((step) => {
    const point: ChartPoint = { label: `Step ${step.step}` };
    rows.forEach((row, index) => {
      const measured = step.measurements.find((m) => m.versionId === row.versionId);
      point[`share${index}`] = step.ratios.find((r) => r.versionId === row.versionId)?.trafficRatio ?? null;
      point[`errors${index}`] = measured?.errorRatePercent ?? null;
      point[`p99${index}`] = measured?.p99Ms ?? null;
    });
    return point;
  });
}

function StepChart({ title, data, rows, metric, unit }: { title: string; data: ChartPoint[]; rows: readonly VersionRow[]; metric: string; unit: string }) {
  return (
    <figure className="tp-chart">
      <figcaption>{title}</figcaption>
      <LineChart
        responsive
        accessibilityLayer={false}
        style={{ width: "100%", height: CHART_HEIGHT }}
        data={data}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" />
        <YAxis unit={unit} allowDecimals width={72} />
        <Tooltip />
        <Legend />
        {rows.map((row, index) => {
          const look = VERSION_LOOKS[index % VERSION_LOOKS.length] ?? VERSION_LOOKS[0];
          return (
            <Line
              key={row.versionId}
              dataKey={`${metric}${index}`}
              name={row.label}
              stroke={look.stroke}
              strokeDasharray={look.dash}
              connectNulls
              isAnimationActive={false}
            />
          );
        })}
      </LineChart>
    </figure>
  );
}

export default function RolloutCharts({ rollout, rows }: { rollout: Rollout; rows: readonly VersionRow[] }) {
  const data = chartData(rollout, rows);
  return (
    <div className="tp-charts" aria-hidden="true">
      <StepChart title="Share of traffic per step (%)" data={data} rows={rows} metric="share" unit="%" />
      <StepChart title="5xx error rate per step (%)" data={data} rows={rows} metric="errors" unit="%" />
      <StepChart title="p99 latency per step (ms)" data={data} rows={rows} metric="p99" unit=" ms" />
    </div>
  );
}
