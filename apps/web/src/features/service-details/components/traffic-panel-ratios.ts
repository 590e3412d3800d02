// The quick ratio edit's rules and request. Only traffic ratios change, so the shared R5 ratio
// rules are the ones that can break (same sentences as the wizard and the API); the server judges
// the whole modify again and its 422 lands on the same fields.
import {
  TRAFFIC_RATIO_TOTAL,
  VERSION_MESSAGES,
  isValidTrafficRatio,
  trafficRatioSumMessage,
  type ServiceDetail,
  type TrafficSplit,
} from "@rts/contracts";
import type { ServiceChangeBody } from "../../../api/services/services-calls.ts";

export interface VersionRow {
  versionId: string;
  /** "application version", e.g. "text-classifier 2.0.0". */
  label: string;
}

/** Every version the service configures or still routes to, configured ones first. */
export function versionRows(service: ServiceDetail, ...splits: TrafficSplit[]): VersionRow[] {
  const rows: VersionRow[] = service.configurations.map((c) => ({ versionId: c.versionId, label: `${c.applicationName} ${c.version}` }));
  for (const entry of [...service.routing, ...splits.flat()]) {
    if (rows.some((row) => row.versionId === entry.versionId)) continue;
    const known = service.versions.find((v) => v.versionId === entry.versionId);
    rows.push({ versionId: entry.versionId, label: known ? `${service.applicationName} ${known.version}` : entry.versionId });
  }
  return rows;
}

export type RatioTexts = Record<string, string>;

export function configuredRatioTexts(service: ServiceDetail): RatioTexts {
  return Object.fromEntries(service.configurations.map((c) => [c.versionId, String(c.trafficRatio)]));
}

function parseRatio(text: string | undefined): number {
  const trimmed = (text ?? "").trim();
  return trimmed === "" ? Number.NaN : Number(trimmed);
}

export interface RatioEditCheck {
  /** R5's message per version id whose ratio is not a whole number 0-100. */
  fieldErrors: Record<string, string>;
  /** R5's message when the ratios do not add up to 100. */
  totalError: string | null;
  /** Null while a ratio is not a whole number. */
  total: number | null;
  ratios: Record<string, number> | null;
}

export function checkRatioEdit(service: ServiceDetail, texts: RatioTexts): RatioEditCheck {
  const fieldErrors: Record<string, string> = {};
  const ratios: Record<string, number> = {};
  for (const c of service.configurations) {
    const value = parseRatio(texts[c.versionId]);
    if (isValidTrafficRatio(value)) ratios[c.versionId] = value;
    else fieldErrors[c.versionId] = VERSION_MESSAGES.trafficRatio;
  }
  const valid = Object.keys(fieldErrors).length === 0;
  const values = Object.values(ratios);
  return {
    fieldErrors,
    totalError: valid ? trafficRatioSumMessage(values) : null,
    total: valid ? values.reduce((a, b) => a + b, 0) : null,
    ratios: valid && values.reduce((a, b) => a + b, 0) === TRAFFIC_RATIO_TOTAL ? ratios : null,
  };
}

/** True when some ratio differs from the configured one. */
export function ratiosChanged(service: ServiceDetail, ratios: Record<string, number>): boolean {
  return service.configurations.some((c) => ratios[c.versionId] !== c.trafficRatio);
}

/**
 * The whole configuration list with the new ratios, everything else as it is. Env values come
 * masked from the API and are sent masked: the server keeps the value it has.
 */
export function ratioChangeBody(service: ServiceDetail, ratios: Record<string, number>): ServiceChangeBody {
  return {
    configurations: service.configurations.map((c) => ({
      versionId: c.versionId,
      trafficRatio: ratios[c.versionId] ?? c.trafficRatio,
      flavorId: c.flavorId,
      computeNodes: c.computeNodes,
      envVars: c.envVars.map((v) => ({ key: v.key, value: v.value })),
    })),
  };
}

/** Where a server field error about the sent configurations shows: under a version, or under the total. */
export function ratioErrorTarget(service: ServiceDetail, path: string): { versionId: string } | "total" | null {
  if (path === "configurations") return "total";
  const match = /^configurations\.(\d+)\.trafficRatio$/.exec(path);
  const configuration = match ? service.configurations[Number(match[1])] : undefined;
  return configuration ? { versionId: configuration.versionId } : null;
}
