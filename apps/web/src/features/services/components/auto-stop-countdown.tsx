// R17: how long until a service stops itself, from the API's autoStopAt, ticking on screen so the
// list and the details never show a stale countdown. The absolute time is in the title.
import { useEffect, useState } from "react";
import { formatDateTime } from "../../../lib/format.ts";

const TICK_MS = 15_000;

/** "3 h 12 min", "12 min", "less than a minute"; minutes round up, so "1 min" means under one. */
export function formatRemaining(ms: number): string {
  if (ms <= 0) return "now";
  if (ms < 60_000) return "less than a minute";
  const minutes = Math.ceil(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export function useNow(intervalMs = TICK_MS): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function autoStopText(autoStopAt: string, now: number): string {
  const at = new Date(autoStopAt).getTime();
  if (Number.isNaN(at)) return "";
  const left = at - now;
  return left <= 0 ? "Auto stop due now" : `Stops in ${formatRemaining(left)}`;
}

export function AutoStopCountdown({ autoStopAt, className }: { autoStopAt: string | null; className?: string }) {
  const now = useNow();
  if (!autoStopAt) return null;
  const text = autoStopText(autoStopAt, now);
  if (!text) return null;
  return (
    <time className={className} dateTime={autoStopAt} title={`Auto stop at ${formatDateTime(autoStopAt)}`} data-testid="auto-stop">
      {text}
    </time>
  );
}
