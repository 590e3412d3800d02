import { lazy, Suspense } from "react";
import { METRICS_RANGES } from "@rts/contracts";
import { useServiceMetrics } from "../../../api/services/services-queries.ts";
import { formatDateTime, formatMs } from "../formatting.ts";
import { MetricsByVersionTable } from "./metrics-by-version-table.tsx";
import { MetricsRangePicker, useMetricsRange } from "./metrics-range-picker.tsx";
import { errorRate } from "./metrics-series.ts";
import { ErrorLine, LoadingLine } from "./query-state.tsx";
import "./monitoring-panel.css";

const MetricsCharts = lazy(() => import("./metrics-charts.tsx"));

export function MonitoringPanel({ serviceId }: { serviceId: string }) {
  const [range, setRange] = useMetricsRange();
  const metrics = useServiceMetrics(serviceId, range);
  const { label } = METRICS_RANGES[range];
  const data = metrics.data;
  return (
    <section aria-labelledby="sd-monitoring-heading">
      <h2 id="sd-monitoring-heading">Monitoring</h2>
      <div className="mon-toolbar">
        <MetricsRangePicker range={range} onChange={setRange} />
        <p className="sd-muted mon-window" aria-live="polite">
          {data
            ? `${formatDateTime(data.from)} to ${formatDateTime(data.until)}, ${data.stepMinutes === 1 ? "per minute" : `per ${data.stepMinutes} minutes`}; refreshed every 30 seconds.`
            : `${label}; refreshed every 30 seconds.`}
          {metrics.isPlaceholderData ? " Loading the new range…" : ""}
        </p>
      </div>
      {metrics.isPending ? (
        <LoadingLine what="metrics" />
      ) : metrics.isError ? (
        <ErrorLine what="metrics" error={metrics.error} onRetry={() => void metrics.refetch()} />
      ) : data === null || data === undefined ? (
        <p className="sd-empty">No metrics are available for this service yet.</p>
      ) : (
        <>
          <dl className="sd-facts sd-totals" aria-label={`Totals, ${METRICS_RANGES[data.range].label.toLowerCase()}`}>
            <dt>Calls</dt>
            <dd>{data.totals.calls}</dd>
            <dt>Errors</dt>
            <dd>{data.totals.calls > 0 ? `${data.totals.errors} (${errorRate(data.totals.calls, data.totals.errors)})` : data.totals.errors}</dd>
            <dt>p50 latency</dt>
            <dd>{formatMs(data.totals.p50Ms)}</dd>
            <dt>p95 latency</dt>
            <dd>{formatMs(data.totals.p95Ms)}</dd>
            <dt>p99 latency</dt>
            <dd>{formatMs(data.totals.p99Ms)}</dd>
          </dl>
          <MetricsByVersionTable metrics={data} rangeLabel={METRICS_RANGES[data.range].label} />
          {data.totals.calls === 0 ? (
            <p className="sd-empty">No calls in this window. Send one from the Prediction test tab.</p>
          ) : (
            <Suspense fallback={<div className="mon-charts-placeholder" role="status">Loading charts…</div>}>
              <MetricsCharts metrics={data} />
            </Suspense>
          )}
        </>
      )}
    </section>
  );
}
