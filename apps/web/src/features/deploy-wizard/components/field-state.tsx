// What every wizard field needs besides RHF: the deploy context and the message to show for a
// dotted path (a server error first, then the shared rules' live issue once the field is in play).
import type { DeployContext } from "@rts/contracts";
import { createContext, useContext, type ReactNode } from "react";

export type FieldMessages = {
  context: DeployContext;
  /** The message to show next to the field at `path`, if any. */
  errorFor: (path: string) => string | undefined;
  /** Every message at exactly `path` (group paths such as "configurations" can carry several). */
  messagesAt: (path: string) => string[];
};

const FieldMessagesContext = createContext<FieldMessages | null>(null);

export function FieldMessagesProvider({ value, children }: { value: FieldMessages; children: ReactNode }) {
  return <FieldMessagesContext.Provider value={value}>{children}</FieldMessagesContext.Provider>;
}

export function useFieldMessages(): FieldMessages {
  const value = useContext(FieldMessagesContext);
  if (!value) throw new Error("useFieldMessages must be used inside the deploy wizard.");
  return value;
}

/** DOM id of the control for a dotted path, so errors can focus and describe it. */
export function fieldId(path: string): string {
  return `deploy-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

export function errorId(path: string): string {
  return `${fieldId(path)}-error`;
}

export function hintId(path: string): string {
  return `${fieldId(path)}-hint`;
}

/** aria-describedby for a control: its hint(s) and, when there is one, its error. */
export function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  const list = ids.filter((id): id is string => typeof id === "string" && id.length > 0);
  return list.length > 0 ? list.join(" ") : undefined;
}

/** The control-level props that link an input to its error: aria-invalid and aria-describedby. */
export function useFieldA11y(path: string, ...hints: Array<string | false | undefined>) {
  const { errorFor } = useFieldMessages();
  const error = errorFor(path);
  return {
    error,
    inputProps: {
      id: fieldId(path),
      "aria-invalid": error ? (true as const) : undefined,
      "aria-describedby": describedBy(...hints, error ? errorId(path) : undefined),
    },
  };
}

export function FieldError({ path, message }: { path: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="deploy-field-error" id={errorId(path)}>
      {message}
    </p>
  );
}

/** Messages for a group of controls (pool choice, the version configurations as a whole). */
export function GroupMessages({ path }: { path: string }) {
  const { messagesAt } = useFieldMessages();
  const messages = messagesAt(path);
  if (messages.length === 0) return null;
  return (
    <ul className="deploy-field-error deploy-group-errors" id={errorId(path)}>
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}
