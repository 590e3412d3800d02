// Environment Variable rows of one version configuration (R8): add and remove key/value pairs;
// a general warning against secrets and a stronger one for keys that look like secrets.
import { ENV_VAR_GENERAL_WARNING, ENV_VARS_MAX_COUNT, MASKED_ENV_VAR_VALUE, envVarWarnings } from "@rts/contracts";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { snapshot, type DeployFormValues } from "../deploy-form.ts";
import { FieldError, GroupMessages, fieldId, hintId, useFieldA11y, useFieldMessages } from "./field-state.tsx";

function EnvVarRow({ configIndex, index, onRemove }: { configIndex: number; index: number; onRemove: () => void }) {
  const { register, control } = useFormContext<DeployFormValues>();
  const base = `configurations.${configIndex}.envVars.${index}` as const;
  // A deployed service's values come back masked; sent back unchanged, the value is kept (R16).
  const masked = useWatch({ control, name: `${base}.value` }) === MASKED_ENV_VAR_VALUE;
  const key = useFieldA11y(`${base}.key`);
  const value = useFieldA11y(`${base}.value`, masked && hintId(`${base}.value`));
  return (
    <li className="deploy-env-row">
      <div className="deploy-field">
        <label htmlFor={key.inputProps.id}>Key</label>
        <input type="text" autoComplete="off" spellCheck={false} {...key.inputProps} {...register(`${base}.key`)} />
        <FieldError path={`${base}.key`} message={key.error} />
      </div>
      <div className="deploy-field">
        <label htmlFor={value.inputProps.id}>Value</label>
        <input type="text" autoComplete="off" spellCheck={false} {...value.inputProps} {...register(`${base}.value`)} />
        {masked && (
          <p className="deploy-hint" id={hintId(`${base}.value`)}>
            Hidden. Leave {MASKED_ENV_VAR_VALUE} to keep the current value, or type a new one.
          </p>
        )}
        <FieldError path={`${base}.value`} message={value.error} />
      </div>
      <button type="button" className="deploy-button-secondary" onClick={onRemove} aria-label={`Remove environment variable ${index + 1}`}>
        Remove
      </button>
    </li>
  );
}

export function EnvironmentVariablesField({ configIndex }: { configIndex: number }) {
  const { control } = useFormContext<DeployFormValues>();
  const { errorFor } = useFieldMessages();
  const name = `configurations.${configIndex}.envVars` as const;
  const { fields, append, remove } = useFieldArray({ control, name });
  const envVars = useWatch({ control, name, compute: snapshot }) ?? [];
  const warnings = envVarWarnings(envVars.map((v) => ({ key: v?.key ?? "" })));
  const strong = warnings.filter((w) => w !== ENV_VAR_GENERAL_WARNING);
  const groupError = errorFor(name);
  return (
    <fieldset className="deploy-field deploy-env" id={fieldId(name)} aria-describedby={hintId(name)}>
      <legend>Environment Variable</legend>
      <p className="deploy-hint" id={hintId(name)}>
        Injected into every instance. {ENV_VAR_GENERAL_WARNING}
      </p>
      {fields.length > 0 && (
        <ul className="deploy-env-list">
          {fields.map((field, index) => (
            <EnvVarRow key={field.id} configIndex={configIndex} index={index} onRemove={() => remove(index)} />
          ))}
        </ul>
      )}
      {strong.length > 0 && (
        <div className="deploy-warning deploy-warning-strong" role="alert">
          <strong>Possible secret:</strong>
          <ul>
            {strong.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {groupError && <GroupMessages path={name} />}
      <button
        type="button"
        className="deploy-button-secondary"
        disabled={fields.length >= ENV_VARS_MAX_COUNT}
        onClick={() => append({ key: "", value: "" }, { shouldFocus: true })}
      >
        Add environment variable
      </button>
    </fieldset>
  );
}
