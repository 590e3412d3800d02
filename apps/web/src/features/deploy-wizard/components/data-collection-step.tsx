// Step 3: Data Collection (off by default; sampling rate and retention when on, prefilled, R11), the
// optional traffic limit (a WebSocket service can have neither, R10) and Auto Stop (R17).
import {
  DATA_COLLECTION_DEFAULTS,
  REQUESTS_PER_SECOND_MAX,
  REQUESTS_PER_SECOND_MIN,
  RETENTION_DAYS_MAX,
  RETENTION_DAYS_MIN,
  SAMPLING_PERCENT_MAX,
  SAMPLING_PERCENT_MIN,
} from "@rts/contracts";
import { Controller, useFormContext, useWatch } from "react-hook-form";
import { optionalNumber, type DeployFormValues } from "../deploy-form.ts";
import { AutoStopField } from "./auto-stop-field.tsx";
import { FieldError, describedBy, errorId, fieldId, hintId, useFieldA11y, useFieldMessages } from "./field-state.tsx";

const SET = { shouldDirty: true, shouldTouch: true, shouldValidate: true } as const;
export const WEBSOCKET_EXCLUSION_NOTE =
  "WebSocket is on, so Traffic limit and Data Collection cannot be set. Turn WebSocket off in the previous step to use them.";

export function DataCollectionStep() {
  const { control, register, setValue } = useFormContext<DeployFormValues>();
  const { errorFor } = useFieldMessages();
  const websocket = useWatch({ control, name: "websocket" }) ?? false;
  const enabled = useWatch({ control, name: "dataCollection.enabled" }) ?? false;
  const sampling = useFieldA11y("dataCollection.samplingPercent", hintId("dataCollection.samplingPercent"));
  const retention = useFieldA11y("dataCollection.retentionDays", hintId("dataCollection.retentionDays"));
  const enabledError = errorFor("dataCollection.enabled");
  const limitPath = "trafficLimit.requestsPerSecond";
  const limitError = errorFor(limitPath) ?? errorFor("trafficLimit");
  const limitErrorPath = errorFor(limitPath) ? limitPath : "trafficLimit";

  return (
    <div className="deploy-fields">
      {websocket && (
        <p className="deploy-note" id={hintId("websocketExclusion")}>
          {WEBSOCKET_EXCLUSION_NOTE}
        </p>
      )}
      <div className="deploy-field">
        <div className="deploy-checkbox">
          <input
            type="checkbox"
            id={fieldId("dataCollection.enabled")}
            checked={enabled}
            disabled={websocket && !enabled}
            aria-invalid={enabledError ? true : undefined}
            aria-describedby={describedBy(
              hintId("dataCollection.enabled"),
              websocket && hintId("websocketExclusion"),
              enabledError && errorId("dataCollection.enabled"),
            )}
            onChange={(e) =>
              // On starts from the shared defaults, so nothing is wrong until the user changes a
              // value; off drops the rules, so leftovers never block the deploy.
              setValue("dataCollection", e.target.checked ? { enabled: true, ...DATA_COLLECTION_DEFAULTS } : { enabled: false }, SET)
            }
          />
          <label htmlFor={fieldId("dataCollection.enabled")}>Data Collection</label>
        </div>
        <p className="deploy-hint" id={hintId("dataCollection.enabled")}>
          Off by default. When on, calls to the service are sampled and stored by the rules below, and can be read back.
        </p>
        <FieldError path="dataCollection.enabled" message={enabledError} />
      </div>
      {enabled && (
        <div className="deploy-subfields">
          <div className="deploy-field">
            <label htmlFor={sampling.inputProps.id}>Sampling rate (%)</label>
            <input
              type="number"
              inputMode="numeric"
              min={SAMPLING_PERCENT_MIN}
              max={SAMPLING_PERCENT_MAX}
              {...sampling.inputProps}
              {...register("dataCollection.samplingPercent", { setValueAs: optionalNumber })}
            />
            <p className="deploy-hint" id={hintId("dataCollection.samplingPercent")}>
              Percent of calls to store ({SAMPLING_PERCENT_MIN}-{SAMPLING_PERCENT_MAX}).
            </p>
            <FieldError path="dataCollection.samplingPercent" message={sampling.error} />
          </div>
          <div className="deploy-field">
            <label htmlFor={retention.inputProps.id}>Retention (days)</label>
            <input
              type="number"
              inputMode="numeric"
              min={RETENTION_DAYS_MIN}
              max={RETENTION_DAYS_MAX}
              {...retention.inputProps}
              {...register("dataCollection.retentionDays", { setValueAs: optionalNumber })}
            />
            <p className="deploy-hint" id={hintId("dataCollection.retentionDays")}>
              Days to keep collected calls ({RETENTION_DAYS_MIN}-{RETENTION_DAYS_MAX}).
            </p>
            <FieldError path="dataCollection.retentionDays" message={retention.error} />
          </div>
        </div>
      )}
      <div className="deploy-field">
        <label htmlFor={fieldId(limitPath)}>Traffic limit (requests per second)</label>
        <Controller
          control={control}
          name="trafficLimit"
          render={({ field }) => (
            <input
              type="number"
              inputMode="numeric"
              min={REQUESTS_PER_SECOND_MIN}
              max={REQUESTS_PER_SECOND_MAX}
              id={fieldId(limitPath)}
              name={field.name}
              ref={field.ref}
              onBlur={field.onBlur}
              disabled={websocket && field.value === null}
              value={field.value ? (Number.isNaN(field.value.requestsPerSecond) ? "" : field.value.requestsPerSecond) : ""}
              aria-invalid={limitError ? true : undefined}
              aria-describedby={describedBy(
                hintId(limitPath),
                websocket && hintId("websocketExclusion"),
                limitError && errorId(limitErrorPath),
              )}
              onChange={(e) => {
                const n = optionalNumber(e.target.value);
                field.onChange(n === undefined ? null : { requestsPerSecond: n });
              }}
            />
          )}
        />
        <p className="deploy-hint" id={hintId(limitPath)}>
          Optional. Calls above this rate are refused with 429 ({REQUESTS_PER_SECOND_MIN}-{REQUESTS_PER_SECOND_MAX}). Empty means no limit.
        </p>
        <FieldError path={limitErrorPath} message={limitError} />
      </div>
      <AutoStopField />
    </div>
  );
}
