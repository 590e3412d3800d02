// POST /api/v1/services/:id/cancel: 202 with the service. A deploy in progress goes Stopping ->
// Stopped; an update goes back to the revision before it. 409 when nothing is in progress.
import type { ServiceDetail } from "@rts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { invalidateService } from "./invalidate-service.ts";

export function cancelService(serviceId: string): Promise<ServiceDetail> {
  return apiRequest<ServiceDetail>(`/api/v1/services/${encodeURIComponent(serviceId)}/cancel`, { method: "POST" });
}

export function useCancelService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelService,
    onSettled: (_data, _error, serviceId) => invalidateService(queryClient, serviceId),
  });
}
