// The largest page of the user's services: `count` feeds R1 (every state counts) and the names
// feed R2's uniqueness check. The limit is 20, so one page of 100 holds them all.
import type { ServiceList } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";

export const EXISTING_SERVICES_PAGE_SIZE = 100;

export function getExistingServices(signal?: AbortSignal): Promise<ServiceList> {
  return apiRequest<ServiceList>(`/api/v1/services?pageSize=${EXISTING_SERVICES_PAGE_SIZE}`, { signal });
}

export const existingServicesQueryOptions = () =>
  queryOptions({
    queryKey: ["services", "list", { pageSize: EXISTING_SERVICES_PAGE_SIZE }],
    queryFn: ({ signal }) => getExistingServices(signal),
  });

export function useExistingServices() {
  return useQuery(existingServicesQueryOptions());
}
