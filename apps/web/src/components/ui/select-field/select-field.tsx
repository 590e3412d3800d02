// A labelled native <select>. Options may be disabled (e.g. gray specifications) and say why.
import type { ReactNode, Ref, SelectHTMLAttributes } from "react";
import { FieldText, fieldClassName, useFieldIds } from "../field/field-parts.tsx";

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> {
  label: ReactNode;
  options: readonly SelectOption[];
  /** First option with an empty value, e.g. "All states". */
  placeholder?: string;
  hint?: ReactNode;
  error?: string | null;
  id?: string;
  ref?: Ref<HTMLSelectElement>;
}

export function SelectField({ label, options, placeholder, hint, error, id, className, ref, ...select }: SelectFieldProps) {
  const ids = useFieldIds({ id, hint, error });
  return (
    <div className={fieldClassName("field", error, className)}>
      <label htmlFor={ids.controlId} className="field-label">
        {label}
      </label>
      <FieldText id={ids.hintId} text={hint} tone="hint" />
      <select ref={ref} {...select} id={ids.controlId} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} className="input">
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldText id={ids.errorId} text={error} tone="error" />
    </div>
  );
}
