// A checkbox with its label beside it, an optional hint, and an error or disabled reason as text.
import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from "react";

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
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const reasonId = `${inputId}-reason`;
  const describedBy =
    [hint ? hintId : null, error ? errorId : null, disabledReason ? reasonId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={["field field-checkbox", error ? "field-invalid" : "", className ?? ""].filter(Boolean).join(" ")}>
      <div className="checkbox-row">
        <input
          ref={ref}
          {...input}
          type="checkbox"
          id={inputId}
          disabled={Boolean(disabled || disabledReason)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <label htmlFor={inputId} className="field-label">
          {label}
        </label>
      </div>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {disabledReason ? (
        <p id={reasonId} className="field-hint">
          {disabledReason}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
