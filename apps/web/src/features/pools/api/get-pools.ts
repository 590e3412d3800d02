// GET /api/v1/pools: the public pool and the user's dedicated pools.
import type { Pool } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { poolKeys } from "./pool-keys.ts";

export function getPools(signal?: AbortSignal): Promise<{ items: Pool[] }> {
  return apiRequest<{ items: Pool[] }>("/api/v1/pools", { signal });
}

export function poolsQueryOptions() {
  return queryOptions({ queryKey: poolKeys.list(), queryFn: ({ signal }) => getPools(signal) });
}

const CHANGING_STATES = ["Creating", "Scaling", "Deleting"];

/** Polls every 3 s while a pool is being created, scaled or deleted. */
export function usePools() {
  return useQuery({
    ...poolsQueryOptions(),
    refetchInterval: (query) => (query.state.data?.items.some((pool) => CHANGING_STATES.includes(pool.state)) ? 3_000 : false),
  });
}
