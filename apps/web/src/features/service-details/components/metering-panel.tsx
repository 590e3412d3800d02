import type { ServiceDetail } from "@rts/contracts";
import { Link } from "react-router";
import { paths } from "../../../config/paths.ts";
import { useServiceMetering } from "../../../api/services/services-queries.ts";
import { TableScroll } from "../../../components/ui/table-scroll/table-scroll.tsx";
import { formatMeteredCost } from "../../../lib/format.ts";
import { formatDateTime, formatDuration } from "../formatting.ts";
import { ErrorLine, LoadingLine } from "./query-state.tsx";

export const EXACT_METERING_NOTE =
  "Usage is metered to the millisecond and summed exactly; the total is rounded to the cent once. A cost under half a cent shows as < $0.01.";

export function MeteringPanel({ service }: { service: ServiceDetail }) {
  const metering = useServiceMetering(service.id);
  return (
    <section aria-labelledby="sd-metering-heading">
      <h2 id="sd-metering-heading">Metering</h2>
      {service.poolType === "dedicated" ? (
        <p className="sd-muted">
          This service runs in a dedicated pool: the pool is metered as a whole, so the service itself adds no cost. See what
          the pool has cost on <Link to={paths.pools}>Dedicated Resource Pools</Link>.
        </p>
      ) : (
        <p className="sd-muted">Public-pool services are metered by specification × instances × time.</p>
      )}
      {metering.isPending ? (
        <LoadingLine what="metering" />
      ) : metering.isError ? (
        <ErrorLine what="metering" error={metering.error} onRetry={() => void metering.refetch()} />
      ) : (
        <>
          <p className="sd-total">
            Total cost: <strong>{formatMeteredCost({ cents: metering.data.totalCents, microCents: metering.data.totalMicroCents })}</strong>
            {metering.data.from ? ` since ${formatDateTime(metering.data.from)}` : ""}
          </p>
          <p className="sd-muted">{EXACT_METERING_NOTE}</p>
          {metering.data.records.length === 0 ? (
            <p className="sd-empty">No usage recorded yet.</p>
          ) : (
            <TableScroll label="Metering records table" minWidth="40rem">
              <table className="sd-table">
                <thead>
                  <tr>
                    <th scope="col">Period</th>
                    <th scope="col">Billed</th>
                    <th scope="col">Specification</th>
                    <th scope="col">Units</th>
                    <th scope="col">Duration</th>
                    <th scope="col" className="sd-number">Amount</th>
                  </tr>
                </thead>
                <tbody>
                  {metering.data.records.map((record) => (
                    <tr key={record.id}>
                      <td>
                        {formatDateTime(record.periodStart)} – {formatDateTime(record.periodEnd)}
                      </td>
                      <td>{record.subject === "pool" ? "Pool" : "Service"}</td>
                      <td>{record.flavorId}</td>
                      <td>{record.units}</td>
                      <td>{formatDuration(record.seconds)}</td>
                      <td className="sd-number">{formatMeteredCost({ cents: record.amountCents, microCents: record.amountMicroCents })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      )}
    </section>
  );
}
