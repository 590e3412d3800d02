// A checkbox with its label beside it, an optional hint, and an error or disabled reason as text.
import type { InputHTMLAttributes, ReactNode, Ref } from "react";
import { FieldText, fieldClassName, useFieldIds } from "../field/field-parts.tsx";

export interface CheckboxFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type"> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** Why the checkbox cannot be changed; setting it disables the checkbox. */
  disabledReason?: string | null;
  id?: string;
  ref?: Ref<HTMLInputElement>;
}

export function CheckboxField({ label, hint, error, disabledReason, id, disabled, className, ref, ...input }: CheckboxFieldProps) {
  const ids = useFieldIds({ id, hint, error });
  const reasonId = `${ids.controlId}-reason`;
  const describedBy = [ids.describedBy, disabledReason ? reasonId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={fieldClassName("field field-checkbox", error, className)}>
      <div className="checkbox-row">
        <input
          ref={ref}
          {...input}
          type="checkbox"
          id={ids.controlId}
          disabled={Boolean(disabled || disabledReason)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <label htmlFor={ids.controlId} className="field-label">
          {label}
        </label>
      </div>
      <FieldText id={ids.hintId} text={hint} tone="hint" />
      <FieldText id={reasonId} text={disabledReason} tone="hint" />
      <FieldText id={ids.errorId} text={error} tone="error" />
    </div>
  );
}
