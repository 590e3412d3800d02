// A status as an icon and words in the tone's colour: the icon's shape and the text carry the
// meaning, the colour only repeats it (a person who does not see colour loses nothing).
import type { ReactNode } from "react";
import { StatusIcon } from "./status-icon.tsx";
import "./status-badge.css";

export type StatusTone = "good" | "warn" | "bad" | "progress" | "idle" | "info";

export interface StatusBadgeProps {
  tone: StatusTone;
  children: ReactNode;
  /** Extra data attributes tests and styles can select on, e.g. { "data-state": "Running" }. */
  [data: `data-${string}`]: string | undefined;
}

export function StatusBadge({ tone, children, ...data }: StatusBadgeProps) {
  return (
    <span className={`status-badge status-${tone}`} {...data}>
      <StatusIcon tone={tone} />
      <span className="status-text">{children}</span>
    </span>
  );
}
