// One dedicated pool: resize in place (errors beside the input) and delete with confirmation.
import { countNoun, POOL_NODE_COUNT_MAX, POOL_NODE_COUNT_MIN, type Flavor, type Pool } from "@rts/contracts";
import { useState, type FormEvent } from "react";
import { Button } from "../../../components/ui/button/button.tsx";
import { describeError } from "../../../components/ui/error-state/error-state.tsx";
import { PoolStateBadge } from "../../../components/ui/state-badge/pool-state-badge.tsx";
import { TextField } from "../../../components/ui/text-field/text-field.tsx";
import { notify } from "../../../components/ui/toast/notifications.ts";
import { ApiProblem } from "../../../lib/api-client.ts";
import { useResizePool } from "../../../api/pools/pools.ts";

export function PoolRow({ pool, flavors, onRequestDelete }: { pool: Pool; flavors: readonly Flavor[]; onRequestDelete: (pool: Pool) => void }) {
  const resize = useResizePool();
  const [nodeCount, setNodeCount] = useState(String(pool.nodeCount));
  const flavor = flavors.find((f) => f.id === pool.flavorIds[0]);
  const error = resize.error;
  const resizeError = error ? (error instanceof ApiProblem ? (error.fieldErrors().nodeCount ?? error.problem.detail) : describeError(error).detail) : null;
  const busyState = pool.state !== "Running" && pool.state !== "Abnormal" ? `The pool is ${pool.state}; wait until it is Running.` : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The row is keyed by its node count and remounts once the pools refetch, before a mutate()
    // callback would run; the promise still resolves. A failure shows beside the input (resize.error).
    resize.mutateAsync({ poolId: pool.id, nodeCount: Number(nodeCount) }).then(
      (resized) => notify("Pool resized", resized.name, { detail: `Now ${countNoun(resized.nodeCount, "node")}.` }),
      () => undefined,
    );
  }

  return (
    <tr>
      <th scope="row">{pool.name}</th>
      <td data-label="State">
        <PoolStateBadge state={pool.state} />
      </td>
      <td data-label="Specifications">{flavor?.name ?? pool.flavorIds.join(", ")}</td>
      <td data-label="Nodes">
        {pool.nodeCount} <span className="cell-sub">{pool.freeNodes} free</span>
      </td>
      <td data-label="Generation">{pool.generation ?? "—"}</td>
      <td data-label="Resize" className="cell-wide">
        <form onSubmit={onSubmit} className="form-row" noValidate>
          <TextField
            label={<span className="sr-only">Nodes for {pool.name}</span>}
            type="number"
            min={POOL_NODE_COUNT_MIN}
            max={POOL_NODE_COUNT_MAX}
            step={1}
            value={nodeCount}
            onChange={(e) => setNodeCount(e.target.value)}
            error={resizeError}
            style={{ width: "5.5rem" }}
          />
          <Button type="submit" size="sm" busy={resize.isPending} disabledReason={busyState} disabled={Number(nodeCount) === pool.nodeCount}>
            Resize
          </Button>
        </form>
      </td>
      <td className="cell-wide">
        <Button size="sm" variant="danger" onClick={() => onRequestDelete(pool)} aria-label={`Delete ${pool.name}`}>
          Delete
        </Button>
      </td>
    </tr>
  );
}
