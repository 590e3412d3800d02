// GET /api/v1/services/:id/revisions: every numbered change of a service (R16), newest first.
// The key sits under the service's detail key, so whatever refreshes the service refreshes these.
import type { ServiceRevisionList } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { serviceKeys } from "./service-keys.ts";

export function getRevisions(serviceId: string, signal?: AbortSignal): Promise<ServiceRevisionList> {
  return apiRequest<ServiceRevisionList>(`/api/v1/services/${encodeURIComponent(serviceId)}/revisions`, { signal });
}

export function revisionsQueryOptions(serviceId: string) {
  return queryOptions({
    queryKey: serviceKeys.revisions(serviceId),
    queryFn: ({ signal }) => getRevisions(serviceId, signal),
  });
}

export function useRevisions(serviceId: string) {
  return useQuery(revisionsQueryOptions(serviceId));
}
