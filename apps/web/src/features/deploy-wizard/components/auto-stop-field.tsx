// Auto Stop (R17): never, after 1, 2, 4 or 6 hours, or a custom 1-24. On a free specification the
// service stops after an hour whatever is chosen, and the field says so.
import {
  AUTO_STOP_MAX_HOURS,
  AUTO_STOP_MESSAGES,
  AUTO_STOP_MIN_HOURS,
  AUTO_STOP_PRESET_HOURS,
  effectiveAutoStopHours,
  findFlavor,
} from "@rts/contracts";
import { useState } from "react";
import { Controller, useFormContext, useWatch } from "react-hook-form";
import { optionalNumber, snapshot, type DeployFormValues } from "../deploy-form.ts";
import { FieldError, describedBy, errorId, fieldId, hintId, useFieldMessages } from "./field-state.tsx";

const CUSTOM = "custom";
const OFF = "";

function hoursText(hours: number): string {
  return `${hours} ${hours === 1 ? "hour" : "hours"}`;
}

function isPreset(hours: number | undefined): boolean {
  return (AUTO_STOP_PRESET_HOURS as readonly number[]).includes(hours ?? Number.NaN);
}

export function AutoStopField() {
  const { control, getValues } = useFormContext<DeployFormValues>();
  const { context, errorFor } = useFieldMessages();
  const configurations = useWatch({ control, name: "configurations", compute: snapshot }) ?? [];
  const autoStop = useWatch({ control, name: "autoStop", compute: snapshot }) ?? null;
  const [custom, setCustom] = useState(() => {
    const hours = getValues("autoStop")?.hours;
    return hours !== undefined && !isPreset(hours);
  });
  const onFree = configurations.some((c) => findFlavor(context, c?.flavorId ?? "")?.free === true);
  const requested = autoStop && Number.isInteger(autoStop.hours) ? { hours: autoStop.hours } : null;
  const effective = effectiveAutoStopHours(
    { autoStop: requested, configurations: configurations.map((c) => ({ ...c, flavorId: c?.flavorId ?? "" })) } as Parameters<
      typeof effectiveAutoStopHours
    >[0],
    context,
  );

  const hoursPath = "autoStop.hours";
  const hoursError = errorFor(hoursPath);
  const objectError = errorFor("autoStop");
  const selectError = hoursError && !custom ? hoursError : objectError;
  const selectErrorPath = hoursError && !custom ? hoursPath : "autoStop";
  const choice = custom ? CUSTOM : autoStop ? String(autoStop.hours) : OFF;

  return (
    <Controller
      control={control}
      name="autoStop"
      render={({ field }) => (
        <div className="deploy-field">
          <label htmlFor={fieldId("autoStop")}>Auto Stop</label>
          <select
            id={fieldId("autoStop")}
            name={field.name}
            ref={field.ref}
            onBlur={field.onBlur}
            value={choice}
            aria-invalid={selectError ? true : undefined}
            aria-describedby={describedBy(hintId("autoStop"), onFree && hintId("autoStopFree"), selectError && errorId(selectErrorPath))}
            onChange={(e) => {
              const value = e.target.value;
              if (value === CUSTOM) {
                setCustom(true);
                // Keep what was chosen as the starting point of the custom value.
                field.onChange({ hours: field.value?.hours ?? Number.NaN });
              } else {
                setCustom(false);
                field.onChange(value === OFF ? null : { hours: Number(value) });
              }
            }}
          >
            <option value={OFF}>Off (never stops by itself)</option>
            {AUTO_STOP_PRESET_HOURS.map((h) => (
              <option key={h} value={String(h)}>
                After {hoursText(h)}
              </option>
            ))}
            <option value={CUSTOM}>
              Custom ({AUTO_STOP_MIN_HOURS}-{AUTO_STOP_MAX_HOURS} hours)
            </option>
          </select>
          <p className="deploy-hint" id={hintId("autoStop")}>
            Stop the service by itself this many hours after it is deployed, started or changed; the stop is recorded as an event.
          </p>
          {onFree && (
            <p className="deploy-note" id={hintId("autoStopFree")} data-rule="R17">
              {AUTO_STOP_MESSAGES.freeSpecification} This service will stop after {hoursText(effective ?? 1)}, whatever is chosen here.
            </p>
          )}
          {!custom && <FieldError path={selectErrorPath} message={selectError} />}
          {custom && (
            <div className="deploy-subfields">
              <div className="deploy-field">
                <label htmlFor={fieldId(hoursPath)}>Custom hours</label>
                <div className="deploy-input-suffix">
                  <input
                    type="number"
                    inputMode="numeric"
                    min={AUTO_STOP_MIN_HOURS}
                    max={AUTO_STOP_MAX_HOURS}
                    step={1}
                    id={fieldId(hoursPath)}
                    value={field.value && !Number.isNaN(field.value.hours) ? field.value.hours : ""}
                    aria-invalid={hoursError ? true : undefined}
                    aria-describedby={describedBy(hintId(hoursPath), hoursError && errorId(hoursPath))}
                    onChange={(e) => field.onChange({ hours: optionalNumber(e.target.value) ?? Number.NaN })}
                  />
                  <span aria-hidden="true">hours</span>
                </div>
                <p className="deploy-hint" id={hintId(hoursPath)}>
                  A whole number of hours from {AUTO_STOP_MIN_HOURS} to {AUTO_STOP_MAX_HOURS}.
                </p>
                <FieldError path={hoursPath} message={hoursError} />
              </div>
            </div>
          )}
        </div>
      )}
    />
  );
}
