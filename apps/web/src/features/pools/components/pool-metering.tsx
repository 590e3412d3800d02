// R13: what each dedicated pool has cost so far. A pool is metered as a whole (its flavor x nodes
// x time, whatever runs in it), so this is where a dedicated pool's cost is read back.
import { ErrorState } from "../../../components/ui/error-state/error-state.tsx";
import { LoadingState } from "../../../components/ui/loading-state/loading-state.tsx";
import { EmptyState } from "../../../components/ui/empty-state/empty-state.tsx";
import { useMeteringTotals } from "../../../api/metering/metering.ts";
import { formatMeteredCost } from "../../../lib/format.ts";

const MILLISECONDS_PER_HOUR = 3_600_000;
const nodeHours = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function PoolMetering() {
  const metering = useMeteringTotals();
  return (
    <section aria-labelledby="pool-metering-title">
      <h2 id="pool-metering-title">Metered usage</h2>
      <p className="muted">
        A dedicated pool is metered as a whole: its specification × nodes × time, whatever runs in it. Usage is metered to the
        millisecond and each total is rounded to the cent once; a cost under half a cent shows as &lt; $0.01.
      </p>
      {metering.isPending ? (
        <LoadingState label="Loading metered usage…" minHeight="6rem" />
      ) : metering.isError ? (
        <ErrorState error={metering.error} onRetry={() => void metering.refetch()} title="The metered usage could not be loaded." />
      ) : metering.data.pools.length === 0 ? (
        <EmptyState title="No pool usage recorded yet." />
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Pool</th>
                <th scope="col">Node-hours</th>
                <th scope="col">Cost so far</th>
              </tr>
            </thead>
            <tbody>
              {metering.data.pools.map((pool) => (
                <tr key={pool.id || pool.name}>
                  <th scope="row">{pool.name}</th>
                  <td>{nodeHours.format(pool.unitMilliseconds / MILLISECONDS_PER_HOUR)}</td>
                  <td>{formatMeteredCost({ cents: pool.amountCents, microCents: pool.amountMicroCents })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
