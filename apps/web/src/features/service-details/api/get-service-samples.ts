import type { ServiceSamples } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { serviceDetailKeys } from "./service-detail-keys.ts";

export const SAMPLES_LIMIT = 50;

/** The newest collected calls of a service (R11), in the shared contract's shape. */
export function getServiceSamples(serviceId: string, limit: number, signal?: AbortSignal): Promise<ServiceSamples> {
  return apiRequest<ServiceSamples>(`/api/v1/services/${encodeURIComponent(serviceId)}/samples?limit=${limit}`, { signal });
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
