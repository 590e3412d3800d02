import type { Pool } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";

export type PoolList = { items: Pool[] };

/** The public pool plus the signed-in user's dedicated pools. */
export function getPools(signal?: AbortSignal): Promise<PoolList> {
  return apiRequest<PoolList>("/api/v1/pools", { signal });
}

export const poolsQueryOptions = () => queryOptions({ queryKey: ["pools"], queryFn: ({ signal }) => getPools(signal) });

export function usePools() {
  return useQuery(poolsQueryOptions());
}
