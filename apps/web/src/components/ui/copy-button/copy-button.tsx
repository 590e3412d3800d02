// Copies an id, a URL or a token to the clipboard and says so next to the button for two seconds
// (role=status, so screen readers hear it too). Where the clipboard is refused (an insecure
// origin, a denied permission) it says how to copy by hand instead of failing silently.
import { useEffect, useId, useState } from "react";
import "./copy-button.css";

type CopyOutcome = "idle" | "copied" | "failed";

export interface CopyButtonProps {
  /** What goes to the clipboard. */
  text: string;
  /** What is copied, for the button's name: "service ID" gives "Copy service ID". */
  what: string;
  /** Show only the icon; the name is still "Copy <what>" for assistive technology and on hover. */
  iconOnly?: boolean;
}

export function CopyButton({ text, what, iconOnly = false }: CopyButtonProps) {
  const [outcome, setOutcome] = useState<CopyOutcome>("idle");
  const statusId = useId();
  const name = `Copy ${what}`;

  useEffect(() => {
    if (outcome === "idle") return;
    const timer = setTimeout(() => setOutcome("idle"), outcome === "copied" ? 2_000 : 6_000);
    return () => clearTimeout(timer);
  }, [outcome]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome("copied");
    } catch {
      setOutcome("failed");
    }
  }

  return (
    <span className="copy-button">
      <button
        type="button"
        className={`btn btn-secondary btn-sm${iconOnly ? " copy-button-icon" : ""}`}
        onClick={() => void copy()}
        aria-label={iconOnly ? name : undefined}
        title={iconOnly ? name : undefined}
        aria-describedby={outcome === "idle" ? undefined : statusId}
      >
        {outcome === "copied" ? <CheckIcon /> : <CopyIcon />}
        {iconOnly ? null : name}
      </button>
      <span id={statusId} role="status" className={`copy-button-status copy-button-${outcome}`}>
        {outcome === "copied" ? "Copied" : outcome === "failed" ? `Could not copy: select the ${what} and copy it yourself.` : ""}
      </span>
    </span>
  );
}

function CopyIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M5 1.5A1.5 1.5 0 0 1 6.5 0h7A1.5 1.5 0 0 1 15 1.5v9a1.5 1.5 0 0 1-1.5 1.5H12v-1.5h1.5v-9h-7V3H5V1.5ZM1 5.5A1.5 1.5 0 0 1 2.5 4h7A1.5 1.5 0 0 1 11 5.5v9A1.5 1.5 0 0 1 9.5 16h-7A1.5 1.5 0 0 1 1 14.5v-9Zm1.5 0v9h7v-9h-7Z" />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M6.2 11.6 2.6 8l1.1-1.1 2.5 2.5 6.1-6.1 1.1 1.1z" />
    </svg>
  );
}
