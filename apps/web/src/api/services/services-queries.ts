// What the console reads about services, as queryOptions under the shared keys. Live state comes
// from the event stream; polling here is the fallback for what moves by itself.
import { SAMPLES_PAGE_DEFAULT, type ServiceList, type ServiceState } from "@rts/contracts";
import { infiniteQueryOptions, keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { METERING_REFRESH_MS } from "../metering/metering.ts";
import { queryKeys } from "../query-keys.ts";
import {
  EXISTING_SERVICES_PAGE_SIZE,
  getRevisions,
  getService,
  getServiceMetering,
  getServiceMetrics,
  getServices,
  getServiceSamples,
  isNotFound,
  previewRestore,
  type ServicesListParams,
} from "./services-calls.ts";

/** States a service leaves by itself soon. */
export const TRANSITIONAL_STATES: readonly ServiceState[] = ["Deploying", "Updating", "Stopping", "Deleting"];
export const TRANSITIONAL_POLL_MS = 3_000;
export const METRICS_WINDOW_MINUTES = 60;
const METRICS_REFRESH_MS = 30_000;

export function hasTransitionalService(list: ServiceList | undefined): boolean {
  return Boolean(list?.items.some((item) => TRANSITIONAL_STATES.includes(item.state)));
}

export function servicesQueryOptions(params: ServicesListParams) {
  return queryOptions({
    queryKey: queryKeys.services.list(params),
    queryFn: ({ signal }) => getServices(params, signal),
    // Keep the current page on screen while the next one loads: no flash, no layout shift.
    placeholderData: keepPreviousData,
  });
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

/** Every service of the user, for R1's count and R2's names. */
export function existingServicesQueryOptions() {
  const params = { pageSize: EXISTING_SERVICES_PAGE_SIZE };
  return queryOptions({ queryKey: queryKeys.services.list(params), queryFn: ({ signal }) => getServices(params, signal) });
}

export function serviceQueryOptions(serviceId: string) {
  return queryOptions({
    queryKey: queryKeys.services.detail(serviceId),
    queryFn: ({ signal }) => getService(serviceId, signal),
    // A 404 (unknown or someone else's service) will not change by asking again.
    retry: (failures, error) => !isNotFound(error) && failures < 1,
    refetchInterval: (query) => (query.state.data && TRANSITIONAL_STATES.includes(query.state.data.state) ? TRANSITIONAL_POLL_MS : false),
  });
}

export function useService(serviceId: string) {
  return useQuery(serviceQueryOptions(serviceId));
}

export function revisionsQueryOptions(serviceId: string) {
  return queryOptions({ queryKey: queryKeys.services.revisions(serviceId), queryFn: ({ signal }) => getRevisions(serviceId, signal) });
}

export function useRevisions(serviceId: string) {
  return useQuery(revisionsQueryOptions(serviceId));
}

export function restorePreviewQueryOptions(serviceId: string, number: number, revision: number) {
  return queryOptions({
    queryKey: queryKeys.services.restorePreview(serviceId, number, revision),
    queryFn: ({ signal }) => previewRestore(serviceId, number, revision, signal),
    retry: false,
  });
}

export function useRestorePreview(serviceId: string, number: number | null, revision: number) {
  return useQuery({ ...restorePreviewQueryOptions(serviceId, number ?? 0, revision), enabled: number !== null });
}

export function serviceMeteringQueryOptions(serviceId: string) {
  return queryOptions({
    queryKey: queryKeys.services.metering(serviceId),
    queryFn: ({ signal }) => getServiceMetering(serviceId, signal),
    refetchInterval: METERING_REFRESH_MS,
  });
}

export function useServiceMetering(serviceId: string) {
  return useQuery(serviceMeteringQueryOptions(serviceId));
}

export function serviceMetricsQueryOptions(serviceId: string, minutes = METRICS_WINDOW_MINUTES) {
  return queryOptions({
    queryKey: queryKeys.services.metrics(serviceId, minutes),
    queryFn: ({ signal }) => getServiceMetrics(serviceId, minutes, signal),
    refetchInterval: METRICS_REFRESH_MS,
  });
}

export function useServiceMetrics(serviceId: string, minutes = METRICS_WINDOW_MINUTES) {
  return useQuery(serviceMetricsQueryOptions(serviceId, minutes));
}

export function serviceSamplesQueryOptions(serviceId: string) {
  return infiniteQueryOptions({
    queryKey: queryKeys.services.samples(serviceId, SAMPLES_PAGE_DEFAULT),
    queryFn: ({ pageParam, signal }) => getServiceSamples(serviceId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useServiceSamples(serviceId: string, enabled: boolean) {
  return useInfiniteQuery({ ...serviceSamplesQueryOptions(serviceId), enabled });
}
