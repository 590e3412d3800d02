// Resource pools: the public pool and the user's dedicated pools (GET/POST /api/v1/pools,
// PATCH/DELETE /api/v1/pools/:id). Pools hold quota (R12), so every change refreshes the quota too.
import type { CreatePoolRequest, Pool } from "@rts/contracts";
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../lib/api-client.ts";
import { queryKeys } from "../query-keys.ts";

export type PoolList = { items: Pool[] };

const CHANGING_STATES = ["Creating", "Scaling", "Deleting"];
const CHANGING_POLL_MS = 3_000;

function poolUrl(poolId: string): string {
  return `/api/v1/pools/${encodeURIComponent(poolId)}`;
}

export function getPools(signal?: AbortSignal): Promise<PoolList> {
  return apiRequest<PoolList>("/api/v1/pools", { signal });
}

export function createPool(body: CreatePoolRequest): Promise<Pool> {
  return apiRequest<Pool>("/api/v1/pools", { method: "POST", body });
}

export function resizePool({ poolId, nodeCount }: { poolId: string; nodeCount: number }): Promise<Pool> {
  return apiRequest<Pool>(poolUrl(poolId), { method: "PATCH", body: { nodeCount } });
}

/** Only a pool with no services (409 otherwise); releases its quota. */
export function deletePool(poolId: string): Promise<void> {
  return apiRequest<void>(poolUrl(poolId), { method: "DELETE" });
}

/** Polls while a pool is being created, scaled or deleted. */
export function poolsQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.pools.list(),
    queryFn: ({ signal }) => getPools(signal),
    refetchInterval: (query) => (query.state.data?.items.some((pool) => CHANGING_STATES.includes(pool.state)) ? CHANGING_POLL_MS : false),
  });
}

export function usePools() {
  return useQuery(poolsQueryOptions());
}

export function invalidatePools(queryClient: QueryClient): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.pools.all }),
    queryClient.invalidateQueries({ queryKey: queryKeys.quota.all }),
  ]).then(() => undefined);
}

export function useCreatePool() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createPool, onSuccess: () => invalidatePools(queryClient) });
}

export function useResizePool() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: resizePool, onSuccess: () => invalidatePools(queryClient) });
}

export function useDeletePool() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deletePool, onSettled: () => invalidatePools(queryClient) });
}
