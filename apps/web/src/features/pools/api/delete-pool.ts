// DELETE /api/v1/pools/:id: only a pool with no services (409 otherwise); releases its quota.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { poolKeys, QUOTA_KEY } from "./pool-keys.ts";

export function deletePool(poolId: string): Promise<void> {
  return apiRequest<void>(`/api/v1/pools/${encodeURIComponent(poolId)}`, { method: "DELETE" });
}

export function useDeletePool() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deletePool,
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: poolKeys.all }), queryClient.invalidateQueries({ queryKey: QUOTA_KEY })]),
  });
}
