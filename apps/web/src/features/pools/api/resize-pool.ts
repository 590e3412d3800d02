// PATCH /api/v1/pools/:id {nodeCount}: resize a dedicated pool; changes the quota it holds.
import type { Pool } from "@rts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { poolKeys, QUOTA_KEY } from "./pool-keys.ts";

export function resizePool({ poolId, nodeCount }: { poolId: string; nodeCount: number }): Promise<Pool> {
  return apiRequest<Pool>(`/api/v1/pools/${encodeURIComponent(poolId)}`, { method: "PATCH", body: { nodeCount } });
}

export function useResizePool() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resizePool,
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: poolKeys.all }), queryClient.invalidateQueries({ queryKey: QUOTA_KEY })]),
  });
}
