import { queryOptions, useQuery } from "@tanstack/react-query";
import type { ServiceDetail, ServiceState } from "@rts/contracts";
import { ApiProblem, apiRequest } from "../../../lib/api-client.ts";
import { serviceDetailKeys } from "./service-detail-keys.ts";

/** States that change by themselves soon; the page polls while in one, besides the live stream. */
export const TRANSITIONAL_STATES: readonly ServiceState[] = ["Deploying", "Stopping", "Deleting"];
export const TRANSITIONAL_POLL_MS = 3_000;

export function getService(serviceId: string, signal?: AbortSignal): Promise<ServiceDetail> {
  return apiRequest<ServiceDetail>(`/api/v1/services/${encodeURIComponent(serviceId)}`, { signal });
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 404;
}

export function serviceQueryOptions(serviceId: string) {
  return queryOptions({
    queryKey: serviceDetailKeys.detail(serviceId),
    queryFn: ({ signal }) => getService(serviceId, signal),
    // A 404 (unknown or someone else's service) will not change by asking again.
    retry: (failures, error) => !isNotFound(error) && failures < 1,
    refetchInterval: (query) =>
      query.state.data && TRANSITIONAL_STATES.includes(query.state.data.state) ? TRANSITIONAL_POLL_MS : false,
  });
}

export function useService(serviceId: string) {
  return useQuery(serviceQueryOptions(serviceId));
}
