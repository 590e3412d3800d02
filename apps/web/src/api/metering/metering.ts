// Metered usage across the user's services and dedicated pools (GET /api/v1/metering, R13). One
// service's usage is read with the service (services-queries.ts).
import type { MeteringSummary } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../lib/api-client.ts";
import { queryKeys } from "../query-keys.ts";

/** The worker meters every minute; usage read back more often would not have changed. */
export const METERING_REFRESH_MS = 60_000;

/** Totals per service and per pool, without the records. */
export function getMeteringTotals(signal?: AbortSignal): Promise<MeteringSummary> {
  return apiRequest<MeteringSummary>("/api/v1/metering?limit=0", { signal });
}

export function meteringTotalsQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.metering.totals(),
    queryFn: ({ signal }) => getMeteringTotals(signal),
    refetchInterval: METERING_REFRESH_MS,
  });
}

export function useMeteringTotals() {
  return useQuery(meteringTotalsQueryOptions());
}
