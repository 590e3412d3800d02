// POST /api/v1/pools: create a dedicated pool (422 on fields, 409/422 over quota).
import type { CreatePoolRequest, Pool } from "@rts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { poolKeys, QUOTA_KEY } from "./pool-keys.ts";

export function createPool(body: CreatePoolRequest): Promise<Pool> {
  return apiRequest<Pool>("/api/v1/pools", { method: "POST", body });
}

export function useCreatePool() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createPool,
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: poolKeys.all }), queryClient.invalidateQueries({ queryKey: QUOTA_KEY })]),
  });
}
