// A value a person copies elsewhere (a service ID, a gateway URL, a token), shown in full in
// monospace so it can also be selected by hand, with its copy button beside it.
import { CopyButton } from "./copy-button.tsx";

export function CopyableValue({ value, what, iconOnly = true }: { value: string; what: string; iconOnly?: boolean }) {
  return (
    <span className="copyable-value">
      <code className="copyable-value-text">{value}</code>
      <CopyButton text={value} what={what} iconOnly={iconOnly} />
    </span>
  );
}
