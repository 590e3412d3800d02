// Specifications of one version configuration (R6): every flavor the chosen pool offers is listed;
// gray ones stay visible but cannot be chosen. In a dedicated pool the nodes are the pool's, paid
// by the pool (R13), so no per-node price is shown there.
import { SYSTEM_OVERHEAD_NOTE, isSelectableFlavor, type Flavor } from "@rts/contracts";
import { useFormContext, useWatch } from "react-hook-form";
import type { DeployFormValues } from "../deploy-form.ts";
import { FieldError, describedBy, errorId, fieldId, hintId, useFieldMessages } from "./field-state.tsx";

export function formatCents(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

export const INCLUDED_IN_POOL = "included in the pool";

function flavorPrice(f: Flavor, dedicated: boolean): string {
  if (dedicated) return INCLUDED_IN_POOL;
  return f.free ? "free" : `${formatCents(f.pricePerHourCents)} per node per hour`;
}

export function SpecificationsField({ configIndex, flavors, emptyText }: { configIndex: number; flavors: Flavor[]; emptyText?: string }) {
  const { control, register } = useFormContext<DeployFormValues>();
  const dedicated = useWatch({ control, name: "resourcePool.type" }) === "dedicated";
  const { errorFor } = useFieldMessages();
  const path = `configurations.${configIndex}.flavorId` as const;
  const error = errorFor(path);
  return (
    <fieldset
      className="deploy-field"
      id={fieldId(path)}
      tabIndex={-1}
      aria-describedby={describedBy(hintId(path), error && errorId(path))}
    >
      <legend>Specifications</legend>
      {flavors.length === 0 && <p className="deploy-hint">{emptyText ?? "No specifications to choose from."}</p>}
      <div className="deploy-option-list">
        {flavors.map((f) => {
          const selectable = isSelectableFlavor(f);
          const detailId = `${fieldId(path)}-${f.id}-detail`;
          return (
            <div key={f.id} className={selectable ? "deploy-option" : "deploy-option deploy-option-disabled"}>
              <label>
                <input type="radio" value={f.id} disabled={!selectable} aria-describedby={detailId} {...register(path)} />{" "}
                {f.name}
              </label>
              <span className="deploy-option-detail" id={detailId}>
                {selectable ? flavorPrice(f, dedicated) : "not available in this environment"}
              </span>
            </div>
          );
        })}
      </div>
      <p className="deploy-hint" id={hintId(path)}>
        {SYSTEM_OVERHEAD_NOTE}
      </p>
      <FieldError path={path} message={error} />
    </fieldset>
  );
}
