// A time as "3 minutes ago" (kept current), with the absolute local time and its time zone in a
// tooltip on hover and on keyboard focus. The <time> element carries the exact ISO instant.
import { Tooltip } from "../tooltip/tooltip.tsx";
import { TooltipTarget } from "../tooltip/tooltip-target.tsx";
import { formatAbsoluteTime, formatRelativeTime } from "./relative-time-format.ts";
import { useNow } from "./use-now.ts";

export interface RelativeTimeProps {
  /** ISO 8601 instant. */
  value: string | null | undefined;
  /** Shown when there is no time, e.g. "Never". */
  fallback?: string;
}

export function RelativeTime({ value, fallback = "—" }: RelativeTimeProps) {
  const now = useNow();
  const date = value ? new Date(value) : null;
  if (!value || !date || Number.isNaN(date.getTime())) return <>{value || fallback}</>;
  return (
    <Tooltip content={formatAbsoluteTime(date)}>
      <TooltipTarget as="time" dateTime={value}>
        {formatRelativeTime(date, now)}
      </TooltipTarget>
    </Tooltip>
  );
}
