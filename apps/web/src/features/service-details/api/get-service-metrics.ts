import type { ServiceMetrics } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { isNotFound } from "./get-service.ts";
import { serviceDetailKeys } from "./service-detail-keys.ts";

export type { MetricsPoint, ServiceMetrics } from "@rts/contracts";

export const METRICS_WINDOW_MINUTES = 60;
const METRICS_REFRESH_MS = 30_000;

/** Null when the server has no metrics for this service (404): shown as an empty state, not an error. */
export async function getServiceMetrics(serviceId: string, minutes: number, signal?: AbortSignal): Promise<ServiceMetrics | null> {
  try {
    return await apiRequest<ServiceMetrics>(
      `/api/v1/services/${encodeURIComponent(serviceId)}/metrics?minutes=${minutes}`,
      { signal },
    );
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export function serviceMetricsQueryOptions(serviceId: string, minutes = METRICS_WINDOW_MINUTES) {
  return queryOptions({
    queryKey: serviceDetailKeys.metrics(serviceId, minutes),
    queryFn: ({ signal }) => getServiceMetrics(serviceId, minutes, signal),
    refetchInterval: METRICS_REFRESH_MS,
  });
}

export function useServiceMetrics(serviceId: string, minutes = METRICS_WINDOW_MINUTES) {
  return useQuery(serviceMetricsQueryOptions(serviceId, minutes));
}
