// Modify mode (R16): the resource pool type, the pools and Multi-Pool Load Balancing come with the
// service and cannot change. They are shown read-only under the same labels, with the reason.
import { MODIFY_MESSAGES } from "@rts/contracts";
import { useFormContext, useWatch } from "react-hook-form";
import { snapshot, type DeployFormValues } from "../deploy-form.ts";
import { fieldId, hintId, useFieldMessages } from "./field-state.tsx";

export function FixedPoolField() {
  const { control } = useFormContext<DeployFormValues>();
  const { context } = useFieldMessages();
  const pool = useWatch({ control, name: "resourcePool", compute: snapshot });
  const multiPool = useWatch({ control, name: "multiPoolLoadBalancing" }) ?? false;
  const names =
    pool?.type === "dedicated" ? (pool.poolIds ?? []).map((id) => context.pools.find((p) => p.id === id)?.name ?? id).join(", ") : "";
  return (
    <>
      <div className="deploy-field">
        <label htmlFor={fieldId("resourcePool")}>Resource Pool</label>
        <input
          type="text"
          id={fieldId("resourcePool")}
          readOnly
          value={pool?.type === "dedicated" ? `Dedicated resource pools: ${names || "none"}` : "Public resource pools"}
          aria-describedby={hintId("resourcePool")}
        />
        <p className="deploy-hint" id={hintId("resourcePool")}>
          {MODIFY_MESSAGES.fixed.resourcePool.message}
        </p>
      </div>
      <div className="deploy-field">
        <div className="deploy-checkbox">
          <input
            type="checkbox"
            id={fieldId("multiPoolLoadBalancing")}
            checked={multiPool}
            disabled
            aria-describedby={hintId("multiPoolLoadBalancing")}
            readOnly
          />
          <label htmlFor={fieldId("multiPoolLoadBalancing")}>Multi-Pool Load Balancing</label>
        </div>
        <p className="deploy-hint" id={hintId("multiPoolLoadBalancing")}>
          {multiPool ? "On. " : "Off. "}
          {MODIFY_MESSAGES.fixed.multiPoolLoadBalancing.message}
        </p>
      </div>
    </>
  );
}
