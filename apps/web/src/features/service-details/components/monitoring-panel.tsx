import { lazy, Suspense } from "react";
import { METRICS_WINDOW_MINUTES, useServiceMetrics } from "../../../api/services/services-queries.ts";
import { formatMs } from "../formatting.ts";
import { ErrorLine, LoadingLine } from "./query-state.tsx";

const MetricsCharts = lazy(() => import("./metrics-charts.tsx"));

export function MonitoringPanel({ serviceId }: { serviceId: string }) {
  const metrics = useServiceMetrics(serviceId);
  return (
    <section aria-labelledby="sd-monitoring-heading">
      <h2 id="sd-monitoring-heading">Monitoring</h2>
      <p className="sd-muted">Last {METRICS_WINDOW_MINUTES} minutes, per minute; refreshed every 30 seconds.</p>
      {metrics.isPending ? (
        <LoadingLine what="metrics" />
      ) : metrics.isError ? (
        <ErrorLine what="metrics" error={metrics.error} onRetry={() => void metrics.refetch()} />
      ) : metrics.data === null ? (
        <p className="sd-empty">No metrics are available for this service yet.</p>
      ) : (
        <>
          <dl className="sd-facts sd-totals" aria-label="Totals">
            <dt>Calls</dt>
            <dd>{metrics.data.totals.calls}</dd>
            <dt>Errors</dt>
            <dd>
              {metrics.data.totals.errors}
              {metrics.data.totals.calls > 0
                ? ` (${((metrics.data.totals.errors / metrics.data.totals.calls) * 100).toFixed(1)}%)`
                : ""}
            </dd>
            <dt>p50 latency</dt>
            <dd>{formatMs(metrics.data.totals.p50Ms)}</dd>
            <dt>p95 latency</dt>
            <dd>{formatMs(metrics.data.totals.p95Ms)}</dd>
            <dt>p99 latency</dt>
            <dd>{formatMs(metrics.data.totals.p99Ms)}</dd>
          </dl>
          {metrics.data.series.length === 0 ? (
            <p className="sd-empty">No calls in this window. Send one from the Prediction test tab.</p>
          ) : (
            <Suspense fallback={<div className="sd-charts-placeholder" role="status">Loading charts…</div>}>
              <MetricsCharts series={metrics.data.series} />
            </Suspense>
          )}
        </>
      )}
    </section>
  );
}
