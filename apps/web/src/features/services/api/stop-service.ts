// POST /api/v1/services/:id/stop: 202 when accepted (Running/Concerning/Abnormal -> Stopping),
// 409 problem when the state does not allow it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { invalidateService } from "./invalidate-service.ts";

export function stopService(serviceId: string): Promise<unknown> {
  return apiRequest<unknown>(`/api/v1/services/${encodeURIComponent(serviceId)}/stop`, { method: "POST" });
}

export function useStopService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: stopService,
    onSettled: (_data, _error, serviceId) => invalidateService(queryClient, serviceId),
  });
}
