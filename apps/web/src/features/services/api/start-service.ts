// POST /api/v1/services/:id/start: 202 when accepted (Stopped/Failed/Abnormal -> Deploying),
// 409 problem when the state does not allow it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { invalidateService } from "./invalidate-service.ts";

export function startService(serviceId: string): Promise<unknown> {
  return apiRequest<unknown>(`/api/v1/services/${encodeURIComponent(serviceId)}/start`, { method: "POST" });
}

export function useStartService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startService,
    onSettled: (_data, _error, serviceId) => invalidateService(queryClient, serviceId),
  });
}
