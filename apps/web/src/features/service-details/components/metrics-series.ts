// What the Monitoring charts and table draw, from the API's answer: each version named as the
// Traffic panel names it, given a colour and a data key recharts can read (a key with dots, like
// "digits 1.0.0", would be taken for a path).
import type { ServiceMetrics, VersionMetrics } from "@rts/contracts";
import { formatMinute } from "../formatting.ts";

/** Colours with at least 3:1 against the white chart background; names and the table carry the meaning too. */
const VERSION_COLOURS = ["#1f5fbf", "#8a5a00", "#17733a", "#6b3fa0", "#0f6f7a", "#9c2f6d"] as const;

export interface ChartVersion {
  key: string;
  /** The legend's name; a version the service no longer runs says so. */
  name: string;
  colour: string;
}

export function versionName(version: Pick<VersionMetrics, "versionId" | "application" | "version">): string {
  if (version.version === null) return `Deleted version ${version.versionId.slice(0, 8)}`;
  return version.application ? `${version.application} ${version.version}` : version.version;
}

export function chartVersions(metrics: ServiceMetrics): ChartVersion[] {
  return metrics.versions.map((version, i) => ({
    key: `v${i}`,
    name: version.trafficRatio === null ? `${versionName(version)} (no longer serving)` : versionName(version),
    colour: VERSION_COLOURS[i % VERSION_COLOURS.length]!,
  }));
}

export type ChartRow = { at: string; label: string } & Record<string, number | string | null>;

/** One row per bucket of the whole window: `${key}Calls`, `${key}Errors` and `${key}P95` per version. */
export function chartRows(metrics: ServiceMetrics): ChartRow[] {
  const versions = chartVersions(metrics);
  return metrics.series.map((bucket, i) => {
    const row: ChartRow = { at: bucket.at, label: formatMinute(bucket.at) };
    metrics.versions.forEach((version, v) => {
      const point = version.series[i];
      const key = versions[v]!.key;
      row[`${key}Calls`] = point?.calls ?? 0;
      row[`${key}Errors`] = point?.errors ?? 0;
      row[`${key}P95`] = point?.p95Ms ?? null;
    });
    return row;
  });
}

export function errorRate(calls: number, errors: number): string {
  return calls > 0 ? `${((errors / calls) * 100).toFixed(1)}%` : "—";
}
