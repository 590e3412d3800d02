// GET /api/v1/services?q&state&page&pageSize&sort&order: a page of the user's services plus the
// count against the service limit (R1).
import type { ServiceList, ServiceState } from "@rts/contracts";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { serviceKeys } from "./service-keys.ts";

export type ServiceSortField = "name" | "createdAt";
export type SortOrder = "asc" | "desc";

export interface ServicesListParams {
  q?: string;
  state?: ServiceState;
  page: number;
  pageSize: number;
  sort: ServiceSortField;
  order: SortOrder;
}

export const DEFAULT_PAGE_SIZE = 10;

export function getServices(params: ServicesListParams, signal?: AbortSignal): Promise<ServiceList> {
  const search = new URLSearchParams();
  if (params.q) search.set("q", params.q);
  if (params.state) search.set("state", params.state);
  search.set("page", String(params.page));
  search.set("pageSize", String(params.pageSize));
  search.set("sort", params.sort);
  search.set("order", params.order);
  return apiRequest<ServiceList>(`/api/v1/services?${search.toString()}`, { signal });
}

export function servicesQueryOptions(params: ServicesListParams) {
  return queryOptions({
    queryKey: serviceKeys.list(params),
    queryFn: ({ signal }) => getServices(params, signal),
    // Keep the current page on screen while the next one loads: no flash, no layout shift.
    placeholderData: keepPreviousData,
  });
}

const TRANSITIONAL_STATES: readonly ServiceState[] = ["Deploying", "Updating", "Stopping", "Deleting"];

export function hasTransitionalService(list: ServiceList | undefined): boolean {
  return Boolean(list?.items.some((item) => TRANSITIONAL_STATES.includes(item.state)));
}

/**
 * While a listed service is Deploying, Updating, Stopping or Deleting the list refetches: every
 * `pollMs` when live events are not arriving, rarely (a safety net) when they are.
 */
export function useServices(params: ServicesListParams, options: { liveEvents?: boolean; pollMs?: number } = {}) {
  const pollMs = options.pollMs ?? 5_000;
  return useQuery({
    ...servicesQueryOptions(params),
    refetchInterval: (query) => (hasTransitionalService(query.state.data) ? (options.liveEvents ? 30_000 : pollMs) : false),
  });
}
