import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { serviceDetailKeys } from "./service-detail-keys.ts";

/** One collected call (R11). Read defensively: request and response are whatever the caller and model sent. */
export interface ServiceSample {
  id: string;
  at: string;
  versionId: string;
  version: string | null;
  statusCode: number;
  latencyMs: number;
  request: unknown;
  response: unknown;
}

export interface ServiceSamples {
  dataCollectionEnabled: boolean | null;
  items: ServiceSample[];
}

export const SAMPLES_LIMIT = 50;

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Accepts `{ dataCollectionEnabled, items }` or a bare array, and fills gaps rather than failing. */
export function normalizeSamples(raw: unknown): ServiceSamples {
  const body = (raw ?? {}) as Record<string, unknown>;
  const list: unknown[] = Array.isArray(raw) ? raw : Array.isArray(body.items) ? body.items : [];
  const items = list.map((entry, index): ServiceSample => {
    const item = (entry ?? {}) as Record<string, unknown>;
    return {
      id: text(item.id) ?? String(index),
      at: text(item.at) ?? "",
      versionId: text(item.versionId) ?? "",
      version: text(item.version),
      statusCode: num(item.statusCode) ?? 0,
      latencyMs: num(item.latencyMs) ?? 0,
      request: item.request,
      response: item.response,
    };
  });
  const enabled = typeof body.dataCollectionEnabled === "boolean" ? body.dataCollectionEnabled : null;
  return { dataCollectionEnabled: enabled, items };
}

export async function getServiceSamples(serviceId: string, limit: number, signal?: AbortSignal): Promise<ServiceSamples> {
  const raw = await apiRequest<unknown>(`/api/v1/services/${encodeURIComponent(serviceId)}/samples?limit=${limit}`, { signal });
  return normalizeSamples(raw);
}

export function serviceSamplesQueryOptions(serviceId: string, limit = SAMPLES_LIMIT) {
  return queryOptions({
    queryKey: serviceDetailKeys.samples(serviceId, limit),
    queryFn: ({ signal }) => getServiceSamples(serviceId, limit, signal),
  });
}

export function useServiceSamples(serviceId: string, enabled: boolean, limit = SAMPLES_LIMIT) {
  return useQuery({ ...serviceSamplesQueryOptions(serviceId, limit), enabled });
}
