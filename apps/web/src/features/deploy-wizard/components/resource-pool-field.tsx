// Resource Pool (public or dedicated, R3) and Multi-Pool Load Balancing (two equivalent dedicated
// pools, R4). Choosing a dedicated pool also picks its node specification for every version row.
import { countNoun, MULTI_POOL_COUNT, flavorLabel, type Pool } from "@rts/contracts";
import { useFormContext, useWatch } from "react-hook-form";
import { snapshot, type DeployFormValues } from "../deploy-form.ts";
import { FieldError, GroupMessages, describedBy, errorId, fieldId, hintId, useFieldMessages } from "./field-state.tsx";

const SET = { shouldDirty: true, shouldTouch: true, shouldValidate: true } as const;

function poolSummary(pool: Pool, flavorName: string): string {
  const free = `${pool.freeNodes} of ${countNoun(pool.nodeCount, "node")} free`;
  return `${pool.generation ?? "no"}-version pool · ${flavorName} · ${free}`;
}

export function ResourcePoolField() {
  const { control, setValue, getValues } = useFormContext<DeployFormValues>();
  const { context, errorFor, messagesAt } = useFieldMessages();
  const resourcePool = useWatch({ control, name: "resourcePool", compute: snapshot });
  const multiPool = useWatch({ control, name: "multiPoolLoadBalancing" }) ?? false;
  const dedicated = resourcePool?.type === "dedicated";
  const chosen: string[] = resourcePool?.type === "dedicated" ? (resourcePool.poolIds ?? []) : [];
  const dedicatedPools = context.pools.filter((p) => p.type === "dedicated");

  /** Keep every version row on a specification the chosen pool offers. */
  function followPoolFlavor(poolIds: string[]) {
    const pool = dedicatedPools.find((p) => p.id === poolIds[0]);
    const flavorId = pool?.flavorIds[0];
    if (!pool || !flavorId) return;
    getValues("configurations").forEach((c, i) => {
      if (!pool.flavorIds.includes(c.flavorId)) setValue(`configurations.${i}.flavorId`, flavorId, SET);
    });
  }

  function choosePoolType(type: "public" | "dedicated") {
    if (type === "public") {
      setValue("resourcePool", { type: "public" }, SET);
      setValue("multiPoolLoadBalancing", false, SET);
    } else {
      setValue("resourcePool", { type: "dedicated", poolIds: [] }, SET);
    }
  }

  function togglePool(id: string, checked: boolean) {
    let next: string[];
    if (multiPool) next = checked ? [...chosen.filter((p) => p !== id), id] : chosen.filter((p) => p !== id);
    else next = checked ? [id] : [];
    setValue("resourcePool", { type: "dedicated", poolIds: next }, SET);
    followPoolFlavor(next);
  }

  function toggleMultiPool(on: boolean) {
    setValue("multiPoolLoadBalancing", on, SET);
    if (on) {
      // Multi-pool needs an even number of nodes, at least 2 (R4): start from the smallest valid one.
      getValues("configurations").forEach((c, i) => {
        if (typeof c.computeNodes === "number" && c.computeNodes < 2) setValue(`configurations.${i}.computeNodes`, 2, SET);
      });
    } else if (chosen.length > 1) {
      setValue("resourcePool", { type: "dedicated", poolIds: chosen.slice(0, 1) }, SET);
    }
  }

  const poolsError = messagesAt("resourcePool.poolIds").length > 0;
  const multiError = errorFor("multiPoolLoadBalancing");
  return (
    <>
      <fieldset className="deploy-field" aria-describedby={describedBy(poolsError && errorId("resourcePool.poolIds"))}>
        <legend>Resource Pool</legend>
        <div className="deploy-choice-row" role="radiogroup" aria-label="Resource pool type">
          <label>
            <input
              type="radio"
              name="resourcePool.type"
              value="public"
              checked={!dedicated}
              onChange={() => choosePoolType("public")}
            />{" "}
            Public resource pools
          </label>
          <label>
            <input
              type="radio"
              name="resourcePool.type"
              value="dedicated"
              checked={dedicated}
              onChange={() => choosePoolType("dedicated")}
            />{" "}
            Dedicated resource pools
          </label>
        </div>
        <p className="deploy-hint">
          {dedicated
            ? "Select a specification from the dedicated resource pool specifications. Services in a dedicated pool take no quota; the pool is metered."
            : "Instances in the public resource pool can be of the CPU or GPU type. They hold quota while the service exists."}
        </p>
        {dedicated && (
          <div className="deploy-pool-list" id={fieldId("resourcePool.poolIds")} tabIndex={-1}>
            {dedicatedPools.length === 0 && <p className="deploy-hint">You have no dedicated resource pools.</p>}
            {dedicatedPools.map((pool) => {
              const usable = pool.state === "Running";
              const checked = chosen.includes(pool.id);
              const itemPath = `resourcePool.poolIds.${chosen.indexOf(pool.id)}`;
              const itemError = checked ? errorFor(itemPath) : undefined;
              return (
                <div key={pool.id} className={usable ? "deploy-option" : "deploy-option deploy-option-disabled"}>
                  <label>
                    <input
                      type={multiPool ? "checkbox" : "radio"}
                      name="resourcePool.poolIds"
                      value={pool.id}
                      checked={checked}
                      disabled={!usable}
                      id={`${fieldId("resourcePool.poolIds")}-${pool.id}`}
                      aria-describedby={describedBy(`${fieldId("pool")}-${pool.id}`, itemError && errorId(itemPath))}
                      onChange={(e) => togglePool(pool.id, e.target.checked)}
                    />{" "}
                    {pool.name}
                  </label>
                  <span className="deploy-option-detail" id={`${fieldId("pool")}-${pool.id}`}>
                    {poolSummary(pool, flavorLabel(context, pool.flavorIds[0]))}
                    {usable ? "" : ` · ${pool.state}: services can be deployed only to Running pools`}
                  </span>
                  <FieldError path={itemPath} message={itemError} />
                </div>
              );
            })}
          </div>
        )}
        <GroupMessages path="resourcePool.poolIds" />
      </fieldset>

      <div className="deploy-field">
        <div className="deploy-checkbox">
          <input
            type="checkbox"
            id={fieldId("multiPoolLoadBalancing")}
            checked={multiPool}
            disabled={!dedicated}
            aria-invalid={multiError ? true : undefined}
            aria-describedby={describedBy(hintId("multiPoolLoadBalancing"), multiError && errorId("multiPoolLoadBalancing"))}
            onChange={(e) => toggleMultiPool(e.target.checked)}
          />
          <label htmlFor={fieldId("multiPoolLoadBalancing")}>Multi-Pool Load Balancing</label>
        </div>
        <p className="deploy-hint" id={hintId("multiPoolLoadBalancing")}>
          {dedicated
            ? `Deploys to ${MULTI_POOL_COUNT} dedicated pools with the same node specification, both old-version or both new-version, and splits instances and traffic evenly; compute nodes must be an even number of at least 2.${multiPool ? ` Choose exactly ${MULTI_POOL_COUNT} pools (${chosen.length} chosen).` : ""}`
            : "Available only with dedicated resource pools."}
        </p>
        <FieldError path="multiPoolLoadBalancing" message={multiError} />
      </div>
    </>
  );
}
