// A labelled input with an optional hint and error. The error is announced (aria-invalid +
// aria-describedby) and shown as text under the input.
import type { InputHTMLAttributes, ReactNode, Ref } from "react";
import { FieldText, fieldClassName, useFieldIds } from "../field/field-parts.tsx";

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  id?: string;
  ref?: Ref<HTMLInputElement>;
}

export function TextField({ label, hint, error, id, className, ref, ...input }: TextFieldProps) {
  const ids = useFieldIds({ id, hint, error, extra: [input["aria-describedby"]] });
  return (
    <div className={fieldClassName("field", error, className)}>
      <label htmlFor={ids.controlId} className="field-label">
        {label}
      </label>
      <FieldText id={ids.hintId} text={hint} tone="hint" />
      <input ref={ref} {...input} id={ids.controlId} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} className="input" />
      <FieldText id={ids.errorId} text={error} tone="error" />
    </div>
  );
}
