// A labelled group of radios (fieldset + legend), each option with an optional detail line and a
// disabled option saying why. Native radios: arrow keys move the choice, Tab enters and leaves
// the group, and react-hook-form's register() can be spread through inputProps.
import type { InputHTMLAttributes, ReactNode, Ref } from "react";
import { FieldText, fieldClassName, useFieldIds } from "../field/field-parts.tsx";
import "./radio-group-field.css";

export interface RadioOption {
  value: string;
  label: ReactNode;
  detail?: ReactNode;
  /** Why this option cannot be chosen; setting it disables the option. */
  disabledReason?: string | null;
}

export interface RadioGroupFieldProps {
  legend: ReactNode;
  name: string;
  options: readonly RadioOption[];
  /** Controlled value; leave out with inputProps from register(). */
  value?: string;
  onChange?: (value: string) => void;
  /** Spread onto every radio, e.g. register("flavorId"). */
  inputProps?: Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "value" | "id"> & { ref?: Ref<HTMLInputElement> };
  hint?: ReactNode;
  error?: string | null;
  id?: string;
  layout?: "column" | "row";
  className?: string;
}

export function RadioGroupField({ legend, name, options, value, onChange, inputProps, hint, error, id, layout = "column", className }: RadioGroupFieldProps) {
  const ids = useFieldIds({ id, hint, error });
  return (
    <fieldset id={ids.controlId} className={fieldClassName("field radio-group-field", error, className)} aria-describedby={ids.describedBy} tabIndex={-1}>
      <legend className="field-label">{legend}</legend>
      <FieldText id={ids.hintId} text={hint} tone="hint" />
      <div className={`radio-group-options radio-group-${layout}`}>
        {options.map((option) => {
          const optionId = `${ids.controlId}-${option.value}`;
          const detailId = option.detail || option.disabledReason ? `${optionId}-detail` : undefined;
          return (
            <div key={option.value} className="radio-option" data-disabled={option.disabledReason ? true : undefined}>
              <input
                {...inputProps}
                type="radio"
                id={optionId}
                name={inputProps?.name ?? name}
                value={option.value}
                disabled={Boolean(option.disabledReason) || inputProps?.disabled}
                aria-invalid={error ? true : undefined}
                aria-describedby={detailId}
                {...(value === undefined ? {} : { checked: value === option.value })}
                onChange={(event) => {
                  inputProps?.onChange?.(event);
                  if (event.target.checked) onChange?.(option.value);
                }}
              />
              <label htmlFor={optionId}>{option.label}</label>
              {detailId ? (
                <span id={detailId} className="radio-option-detail">
                  {option.detail}
                  {option.detail && option.disabledReason ? " · " : ""}
                  {option.disabledReason}
                </span>
              ) : null}
            </div>
          );
        })}
      </div>
      <FieldText id={ids.errorId} text={error} tone="error" />
    </fieldset>
  );
}
