// "3 minutes ago", "in 2 days", "yesterday", and the full local date and time with its time zone,
// in the person's own language and zone.
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "long" });

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function formatRelativeTime(date: Date, now: number): string {
  const seconds = (date.getTime() - now) / 1000;
  const index = UNITS.findIndex(([, size]) => Math.abs(seconds) >= size);
  if (index >= 0) {
    const [unit, size] = UNITS[index]!;
    const value = Math.round(seconds / size);
    // 59.6 minutes reads "1 hour", not "60 minutes".
    const larger = UNITS[index - 1];
    if (larger && Math.abs(value) * size >= larger[1]) return relative.format(Math.sign(value), larger[0]);
    return relative.format(value, unit);
  }
  // Under a minute the exact seconds would be stale before the next tick.
  return relative.format(0, "second");
}

/** e.g. "Mar 12, 2026, 2:03:12 PM GMT+1". */
export function formatAbsoluteTime(date: Date): string {
  return absolute.format(date);
}
