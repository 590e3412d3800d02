// One AI application version and how it runs: Version, Traffic Ratio (%), Specifications,
// Compute Nodes and Environment Variable. Several rows make a gray launch (R5).
import { COMPUTE_NODES_MAX, COMPUTE_NODES_MIN, computeMode, type AppVersion, type Flavor } from "@rts/contracts";
import { useFormContext, useWatch } from "react-hook-form";
import { requiredNumber, type DeployFormValues } from "../deploy-form.ts";
import { EnvironmentVariablesField } from "./environment-variables-field.tsx";
import { FieldError, hintId, useFieldA11y } from "./field-state.tsx";
import { SpecificationsField } from "./specifications-field.tsx";

export type VersionConfigurationRowProps = {
  index: number;
  /** Versions of the chosen AI application, every state. */
  versions: AppVersion[];
  /** Version ids chosen in other rows. */
  takenVersionIds: string[];
  flavors: Flavor[];
  flavorsEmptyText?: string;
  multiPool: boolean;
  onRemove?: () => void;
};

function computeNodesHint(n: number, multiPool: boolean): string {
  const mode =
    Number.isInteger(n) && n >= 1
      ? computeMode(n) === "standalone"
        ? "Standalone computing mode: 1 instance."
        : `Distributed computing mode: ${n} instances.`
      : "1 instance runs in standalone computing mode; more run in distributed computing mode.";
  return multiPool ? `${mode} With Multi-Pool Load Balancing use an even number, at least 2.` : mode;
}

export function VersionConfigurationRow(props: VersionConfigurationRowProps) {
  const { index, versions, takenVersionIds, flavors, flavorsEmptyText, multiPool, onRemove } = props;
  const { register, control } = useFormContext<DeployFormValues>();
  const base = `configurations.${index}` as const;
  const nodes = useWatch({ control, name: `${base}.computeNodes` });
  const version = useFieldA11y(`${base}.versionId`, hintId(`${base}.versionId`));
  const ratio = useFieldA11y(`${base}.trafficRatio`, hintId(`${base}.trafficRatio`));
  const compute = useFieldA11y(`${base}.computeNodes`, hintId(`${base}.computeNodes`));
  return (
    <fieldset className="deploy-version-row">
      <legend>AI application version and configuration {index + 1}</legend>
      <div className="deploy-field">
        <label htmlFor={version.inputProps.id}>Version</label>
        <select {...version.inputProps} {...register(`${base}.versionId`)}>
          <option value="">Choose a version</option>
          {versions.map((v) => {
            const taken = takenVersionIds.includes(v.id);
            const note = v.state !== "Normal" ? ` (${v.state})` : taken ? " (already added)" : "";
            return (
              <option key={v.id} value={v.id} disabled={v.state !== "Normal" || taken}>
                {v.version}
                {note}
              </option>
            );
          })}
        </select>
        <p className="deploy-hint" id={hintId(`${base}.versionId`)}>
          Only versions in the Normal state can be deployed; others are shown with their state.
        </p>
        <FieldError path={`${base}.versionId`} message={version.error} />
      </div>
      <div className="deploy-field">
        <label htmlFor={ratio.inputProps.id}>Traffic Ratio (%)</label>
        <input
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          {...ratio.inputProps}
          {...register(`${base}.trafficRatio`, { setValueAs: requiredNumber })}
        />
        <p className="deploy-hint" id={hintId(`${base}.trafficRatio`)}>
          Share of calls routed to this version. One version gets 100%; several must add up to 100%.
        </p>
        <FieldError path={`${base}.trafficRatio`} message={ratio.error} />
      </div>
      <SpecificationsField configIndex={index} flavors={flavors} emptyText={flavorsEmptyText} />
      <div className="deploy-field">
        <label htmlFor={compute.inputProps.id}>Compute Nodes</label>
        <input
          type="number"
          inputMode="numeric"
          min={multiPool ? 2 : COMPUTE_NODES_MIN}
          max={COMPUTE_NODES_MAX}
          step={multiPool ? 2 : 1}
          {...compute.inputProps}
          {...register(`${base}.computeNodes`, { setValueAs: requiredNumber })}
        />
        <p className="deploy-hint" id={hintId(`${base}.computeNodes`)}>
          {computeNodesHint(Number(nodes), multiPool)}
        </p>
        <FieldError path={`${base}.computeNodes`} message={compute.error} />
      </div>
      <EnvironmentVariablesField configIndex={index} />
      {onRemove && (
        <button type="button" className="deploy-button-secondary" onClick={onRemove}>
          Remove version configuration {index + 1}
        </button>
      )}
    </fieldset>
  );
}
