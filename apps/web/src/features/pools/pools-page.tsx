// Dedicated Resource Pools: list, create, resize and delete; what each has cost (R13). Pools hold quota (R12).
import type { Pool } from "@rts/contracts";
import { useState } from "react";
import { ConfirmDialog } from "../../components/ui/confirm-dialog/confirm-dialog.tsx";
import { EmptyState } from "../../components/ui/empty-state/empty-state.tsx";
import { describeError, ErrorState } from "../../components/ui/error-state/error-state.tsx";
import { LoadingState } from "../../components/ui/loading-state/loading-state.tsx";
import { PageHeader } from "../../components/ui/page-header/page-header.tsx";
import { notify } from "../../components/ui/toast/notifications.ts";
import { useDeletePool, usePools } from "../../api/pools/pools.ts";
import { useSpecifications } from "../../api/specifications/specifications.ts";
import { CreatePoolForm } from "./components/create-pool-form.tsx";
import { PoolMetering } from "./components/pool-metering.tsx";
import { PoolRow } from "./components/pool-row.tsx";

export function Component() {
  const pools = usePools();
  const specifications = useSpecifications();
  const deletePool = useDeletePool();
  const [toDelete, setToDelete] = useState<Pool | null>(null);

  const dedicated = pools.data?.items.filter((pool) => pool.type === "dedicated") ?? [];
  const flavors = specifications.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Dedicated Resource Pools"
        description="Pools of nodes reserved for your services. A pool holds quota for its flavor × nodes; services deployed in it hold none."
      />
      {specifications.isError ? (
        <ErrorState error={specifications.error} title="The specifications could not be loaded." onRetry={() => void specifications.refetch()} />
      ) : specifications.isPending ? (
        <LoadingState label="Loading specifications…" />
      ) : (
        <CreatePoolForm flavors={flavors.filter((f) => !f.free)} note={specifications.data.note} />
      )}
      <section aria-labelledby="pools-title">
        <h2 id="pools-title">Your dedicated pools</h2>
        {pools.isPending ? (
          <LoadingState label="Loading pools…" minHeight="8rem" />
        ) : pools.isError ? (
          <ErrorState error={pools.error} onRetry={() => void pools.refetch()} title="The pools could not be loaded." />
        ) : dedicated.length === 0 ? (
          <EmptyState title="You have no dedicated pools. Services run in the public pool unless you create one." />
        ) : (
          <div className="table-wrap">
            <table className="data-table table-cards">
              <caption className="sr-only">Your dedicated pools</caption>
              <colgroup>
                <col style={{ width: "16%" }} />
                <col style={{ width: "10%" }} />
                <col style={{ width: "22%" }} />
                <col style={{ width: "10%" }} />
                <col style={{ width: "10%" }} />
                <col style={{ width: "22%" }} />
                <col style={{ width: "10%" }} />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">State</th>
                  <th scope="col">Specifications</th>
                  <th scope="col">Nodes</th>
                  <th scope="col">Generation</th>
                  <th scope="col">Resize</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {dedicated.map((pool) => (
                  <PoolRow
                    key={`${pool.id}-${pool.nodeCount}`}
                    pool={pool}
                    flavors={flavors}
                    onRequestDelete={(p) => {
                      deletePool.reset();
                      setToDelete(p);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <PoolMetering />
      <ConfirmDialog
        open={toDelete !== null}
        title={`Delete pool ${toDelete?.name ?? ""}?`}
        confirmLabel="Delete pool"
        busy={deletePool.isPending}
        error={deletePool.isError ? describeError(deletePool.error).detail : null}
        onClose={() => setToDelete(null)}
        onConfirm={() => {
          if (!toDelete) return;
          const { name } = toDelete;
          deletePool.mutate(toDelete.id, {
            onSuccess: () => {
              setToDelete(null);
              notify("Pool deleted", name);
            },
          });
        }}
      >
        <p>The pool's nodes are released and so is the quota they hold. A pool that still has services cannot be deleted.</p>
      </ConfirmDialog>
    </>
  );
}
