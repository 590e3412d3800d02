// One small icon per status tone, so a state is told by shape as well as by colour and text.
import type { StatusTone } from "./status-badge.tsx";

const PATHS: Record<StatusTone, string> = {
  // check in a circle
  good: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm3.3 5.2-4 4.3a.8.8 0 0 1-1.1 0L4.7 9a.8.8 0 1 1 1.1-1.1l.9.9 3.5-3.7a.8.8 0 0 1 1.1 1.1Z",
  // exclamation in a triangle
  warn: "M8.9 1.6a1 1 0 0 0-1.8 0L.6 13.4A1 1 0 0 0 1.5 15h13a1 1 0 0 0 .9-1.6L8.9 1.6ZM7.2 5.5h1.6v4.6H7.2V5.5Zm.8 7.6a.95.95 0 1 1 0-1.9.95.95 0 0 1 0 1.9Z",
  // cross in a circle
  bad: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm2.9 8.8a.8.8 0 1 1-1.1 1.1L8 9.1l-1.8 1.8a.8.8 0 1 1-1.1-1.1L6.9 8 5.1 6.2a.8.8 0 0 1 1.1-1.1L8 6.9l1.8-1.8a.8.8 0 0 1 1.1 1.1L9.1 8l1.8 1.8Z",
  // a ring with a gap (turns while something is in progress)
  progress: "M8 1a7 7 0 1 0 7 7h-1.8A5.2 5.2 0 1 1 8 2.8V1Z",
  // stop square in a circle
  idle: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm2.5 9a.5.5 0 0 1-.5.5H6a.5.5 0 0 1-.5-.5V6a.5.5 0 0 1 .5-.5h4a.5.5 0 0 1 .5.5v4Z",
  // i in a circle
  info: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm.9 11H7.1V7h1.8v5ZM8 5.9a1 1 0 1 1 0-2 1 1 0 0 1 0 2Z",
};

export function StatusIcon({ tone }: { tone: StatusTone }) {
  return (
    <svg className={`status-icon status-icon-${tone}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path fill="currentColor" d={PATHS[tone]} />
    </svg>
  );
}
