// Quota: limit, used and left, and what holds it (public-pool services in every state, dedicated pools).
import { Link } from "react-router";
import { EmptyState } from "../../components/ui/empty-state/empty-state.tsx";
import { ErrorState } from "../../components/ui/error-state/error-state.tsx";
import { LoadingState } from "../../components/ui/loading-state/loading-state.tsx";
import { PageHeader } from "../../components/ui/page-header/page-header.tsx";
import { UsageMeter } from "../../components/ui/usage-meter/usage-meter.tsx";
import "./quota-page.css";
import { paths } from "../../config/paths.ts";
import { useQuota } from "../../api/quota/quota.ts";

const RESOURCES = [
  { key: "vcpus", label: "vCPUs", name: "vCPUs", unit: "vCPUs" },
  { key: "memoryGiB", label: "Memory (GiB)", name: "Memory", unit: "GiB" },
  { key: "gpus", label: "GPUs", name: "GPUs", unit: "GPUs" },
] as const;

export function Component() {
  const quota = useQuota();
  return (
    <>
      <PageHeader
        title="Quota"
        description="Public-pool services hold quota for flavor × nodes from deploy until delete, also while Stopped or Failed. Dedicated pools hold quota for their nodes; services in them hold none."
      />
      {quota.isPending ? (
        <LoadingState label="Loading quota…" minHeight="12rem" />
      ) : quota.isError ? (
        <ErrorState error={quota.error} onRetry={() => void quota.refetch()} title="The quota could not be loaded." />
      ) : (
        <>
          <section className="panel" aria-labelledby="quota-summary">
            <h2 id="quota-summary">Usage</h2>
            <div className="quota-meters">
              {RESOURCES.map((resource) => (
                <UsageMeter
                  key={resource.key}
                  label={resource.name}
                  used={quota.data.used[resource.key]}
                  limit={quota.data.limit[resource.key]}
                  unit={resource.unit}
                />
              ))}
            </div>
          </section>
          <section className="panel" aria-labelledby="quota-holders">
            <h2 id="quota-holders">What holds quota</h2>
            {quota.data.holders.length === 0 ? (
              <EmptyState title="Nothing holds quota right now." />
            ) : (
              <div className="table-wrap">
                <table className="data-table table-cards">
                  <caption className="sr-only">What holds quota</caption>
                  <thead>
                    <tr>
                      <th scope="col">Kind</th>
                      <th scope="col">Name</th>
                      {RESOURCES.map((resource) => (
                        <th scope="col" key={resource.key}>
                          {resource.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {quota.data.holders.map((holder) => (
                      <tr key={`${holder.kind}-${holder.id}`}>
                        <td data-label="Kind" className="cell-wide">{holder.kind === "service" ? "Real-time service" : "Dedicated pool"}</td>
                        <th scope="row">
                          {holder.kind === "service" ? <Link to={paths.service(holder.id)}>{holder.name}</Link> : <Link to={paths.pools}>{holder.name}</Link>}
                        </th>
                        {RESOURCES.map((resource) => (
                          <td key={resource.key} data-label={resource.label}>
                            {holder.amount[resource.key]}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </>
  );
}
