import { queryOptions, useQuery } from "@tanstack/react-query";
import type { MeteringSummary } from "@rts/contracts";
import { apiRequest } from "../../../lib/api-client.ts";
import { serviceDetailKeys } from "./service-detail-keys.ts";

export function getServiceMetering(serviceId: string, signal?: AbortSignal): Promise<MeteringSummary> {
  return apiRequest<MeteringSummary>(`/api/v1/services/${encodeURIComponent(serviceId)}/metering`, { signal });
}

export function serviceMeteringQueryOptions(serviceId: string) {
  return queryOptions({
    queryKey: serviceDetailKeys.metering(serviceId),
    queryFn: ({ signal }) => getServiceMetering(serviceId, signal),
  });
}

export function useServiceMetering(serviceId: string) {
  return useQuery(serviceMeteringQueryOptions(serviceId));
}
