import { SAMPLES_PAGE_DEFAULT, type ServiceSamples } from "@rts/contracts";
import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { serviceDetailKeys } from "./service-detail-keys.ts";

/** One page of a service's collected calls (R11), newest first; `cursor` is the previous page's nextCursor. */
export function getServiceSamples(serviceId: string, cursor: string | null, signal?: AbortSignal): Promise<ServiceSamples> {
  const query = new URLSearchParams({ limit: String(SAMPLES_PAGE_DEFAULT) });
  if (cursor) query.set("cursor", cursor);
  return apiRequest<ServiceSamples>(`/api/v1/services/${encodeURIComponent(serviceId)}/samples?${query}`, { signal });
}

export function serviceSamplesQueryOptions(serviceId: string) {
  return infiniteQueryOptions({
    queryKey: serviceDetailKeys.samples(serviceId, SAMPLES_PAGE_DEFAULT),
    queryFn: ({ pageParam, signal }) => getServiceSamples(serviceId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useServiceSamples(serviceId: string, enabled: boolean) {
  return useInfiniteQuery({ ...serviceSamplesQueryOptions(serviceId), enabled });
}
