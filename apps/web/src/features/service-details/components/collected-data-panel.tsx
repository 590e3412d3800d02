import type { ServiceDetail } from "@rts/contracts";
import { useServiceSamples } from "../../../api/services/services-queries.ts";
import { TableScroll } from "../../../components/ui/table-scroll/table-scroll.tsx";
import { formatDateTime } from "../formatting.ts";
import { ErrorLine, LoadingLine } from "./query-state.tsx";

function preview(value: unknown): string {
  if (value === undefined) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return text ?? "—";
}

export function CollectedDataPanel({ service }: { service: ServiceDetail }) {
  const enabled = service.dataCollection.enabled;
  const samples = useServiceSamples(service.id, enabled);
  const items = samples.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="sd-collected-heading">
      <h2 id="sd-collected-heading">Collected data</h2>
      {!enabled ? (
        <p className="sd-empty">Data collection is off for this service.</p>
      ) : samples.isPending ? (
        <LoadingLine what="collected data" />
      ) : samples.isError ? (
        <ErrorLine what="collected data" error={samples.error} onRetry={() => void samples.refetch()} />
      ) : items.length === 0 ? (
        <p className="sd-empty">
          Nothing collected yet. {service.dataCollection.samplingPercent ?? "Some"}% of calls are kept for{" "}
          {service.dataCollection.retentionDays ?? "?"} days.
        </p>
      ) : (
        <>
          <TableScroll label="Collected calls table" minWidth="36rem">
            <table className="sd-table">
              <caption className="sd-muted">Newest first, {items.length} calls shown</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Version</th>
                  <th scope="col">Status</th>
                  <th scope="col">Latency</th>
                  <th scope="col">Request and response</th>
                </tr>
              </thead>
              <tbody>
                {items.map((sample) => (
                  <tr key={sample.id}>
                    <td>{formatDateTime(sample.at)}</td>
                    <td>{sample.version ?? sample.versionId ?? "—"}</td>
                    <td>{sample.statusCode || "—"}</td>
                    <td>{sample.latencyMs} ms</td>
                    <td>
                      <details>
                        <summary>Show</summary>
                        <p>Request</p>
                        <pre className="sd-pre">{preview(sample.request)}</pre>
                        <p>Response</p>
                        <pre className="sd-pre">{preview(sample.response)}</pre>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {samples.hasNextPage && (
            <button type="button" className="btn btn-ghost btn-sm" disabled={samples.isFetchingNextPage} onClick={() => void samples.fetchNextPage()}>
              {samples.isFetchingNextPage ? "Loading older calls…" : "Show older calls"}
            </button>
          )}
        </>
      )}
    </section>
  );
}
