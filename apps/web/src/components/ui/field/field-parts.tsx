// What every labelled control shares: ids that tie the control to its hint and error
// (aria-describedby), the hint and error paragraphs, and the wrapper's class names.
import { useId, type ReactNode } from "react";

export function useFieldIds(options: { id?: string; hint?: ReactNode; error?: string | null; extra?: Array<string | null | undefined> }) {
  const generated = useId();
  const controlId = options.id ?? generated;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const describedBy =
    [options.hint ? hintId : null, options.error ? errorId : null, ...(options.extra ?? [])].filter(Boolean).join(" ") || undefined;
  return { controlId, hintId, errorId, describedBy };
}

export function fieldClassName(base: string, error: string | null | undefined, className: string | undefined): string {
  return [base, error ? "field-invalid" : "", className ?? ""].filter(Boolean).join(" ");
}

export function FieldText({ id, text, tone }: { id: string; text: ReactNode; tone: "hint" | "error" }) {
  if (!text) return null;
  return (
    <p id={id} className={tone === "error" ? "field-error" : "field-hint"}>
      {text}
    </p>
  );
}
