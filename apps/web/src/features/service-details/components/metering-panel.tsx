import type { ServiceDetail } from "@rts/contracts";
import { useServiceMetering } from "../../../api/services/services-queries.ts";
import { TableScroll } from "../../../components/ui/table-scroll/table-scroll.tsx";
import { formatDateTime, formatDuration, formatMoney } from "../formatting.ts";
import { ErrorLine, LoadingLine } from "./query-state.tsx";

export function MeteringPanel({ service }: { service: ServiceDetail }) {
  const metering = useServiceMetering(service.id);
  return (
    <section aria-labelledby="sd-metering-heading">
      <h2 id="sd-metering-heading">Metering</h2>
      {service.poolType === "dedicated" ? (
        <p className="sd-muted">
          This service runs in a dedicated pool: the pool is metered as a whole, so the service itself adds no cost.
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
            Total cost: <strong>{formatMoney(metering.data.totalCents)}</strong>
            {metering.data.from ? ` since ${formatDateTime(metering.data.from)}` : ""}
          </p>
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
                      <td className="sd-number">{formatMoney(record.amountCents)}</td>
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
