// Create a dedicated pool. Gray (unavailable) specifications are listed but disabled (R6); the
// server's field errors (422 errors[].path) and conflicts (409) appear next to the fields.
import { POOL_NODE_COUNT_MAX, POOL_NODE_COUNT_MIN, type Flavor } from "@rts/contracts";
import { useState, type FormEvent } from "react";
import { Button } from "../../../components/ui/button/button.tsx";
import { describeError } from "../../../components/ui/error-state/error-state.tsx";
import { FormAlert } from "../../../components/ui/form-alert/form-alert.tsx";
import { SelectField } from "../../../components/ui/select-field/select-field.tsx";
import { TextField } from "../../../components/ui/text-field/text-field.tsx";
import { ApiProblem } from "../../../lib/api-client.ts";
import { useCreatePool } from "../../../api/pools/pools.ts";

const FIELDS = ["name", "flavorId", "nodeCount", "generation"] as const;

export function CreatePoolForm({ flavors, note }: { flavors: readonly Flavor[]; note?: string }) {
  const create = useCreatePool();
  const [name, setName] = useState("");
  const [flavorId, setFlavorId] = useState("");
  const [nodeCount, setNodeCount] = useState("1");
  const [generation, setGeneration] = useState<"old" | "new">("new");
  const [created, setCreated] = useState<string | null>(null);

  const error = create.error;
  const fieldErrors = error instanceof ApiProblem ? error.fieldErrors() : {};
  const unplaced =
    error instanceof ApiProblem
      ? Object.entries(fieldErrors)
          .filter(([path]) => !(FIELDS as readonly string[]).includes(path))
          .map(([, message]) => message)
      : [];
  const formError = error
    ? error instanceof ApiProblem && error.status === 422
      ? unplaced.join(" ") || null
      : describeError(error).detail
    : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    create.mutate(
      { name: name.trim(), flavorId, nodeCount: Number(nodeCount), generation },
      {
        onSuccess: (pool) => {
          setCreated(`Created ${pool.name}.`);
          setName("");
          setNodeCount("1");
        },
      },
    );
  }

  return (
    <form className="panel" onSubmit={onSubmit} noValidate aria-labelledby="create-pool-title">
      <h2 id="create-pool-title">Create a dedicated pool</h2>
      <div className="form-row">
        <TextField label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={fieldErrors.name} maxLength={64} hint="A letter, then letters, digits, - or _." />
        <SelectField
          label="Specifications"
          name="flavorId"
          placeholder="Choose a specification"
          value={flavorId}
          onChange={(e) => setFlavorId(e.target.value)}
          error={fieldErrors.flavorId}
          hint={note}
          options={flavors.map((flavor) => ({
            value: flavor.id,
            label: flavor.available ? flavor.name : `${flavor.name} (not available in this environment)`,
            disabled: !flavor.available,
          }))}
        />
        <TextField
          label="Nodes"
          name="nodeCount"
          type="number"
          inputMode="numeric"
          min={POOL_NODE_COUNT_MIN}
          max={POOL_NODE_COUNT_MAX}
          step={1}
          value={nodeCount}
          onChange={(e) => setNodeCount(e.target.value)}
          error={fieldErrors.nodeCount}
        />
        <SelectField
          label="Generation"
          name="generation"
          value={generation}
          onChange={(e) => setGeneration(e.target.value === "old" ? "old" : "new")}
          error={fieldErrors.generation}
          options={[
            { value: "new", label: "New" },
            { value: "old", label: "Old" },
          ]}
          hint="Multi-pool load balancing needs two pools of the same generation."
        />
      </div>
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      {created ? <FormAlert tone="success">{created}</FormAlert> : null}
      <div className="form-actions" style={{ marginTop: "1rem" }}>
        <Button type="submit" variant="primary" busy={create.isPending}>
          {create.isPending ? "Creating…" : "Create pool"}
        </Button>
      </div>
    </form>
  );
}
