// DELETE /api/v1/services/:id: 204 or 202 (-> Deleting, then gone). Allowed from every state.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { invalidateService } from "./invalidate-service.ts";

export function deleteService(serviceId: string): Promise<unknown> {
  return apiRequest<unknown>(`/api/v1/services/${encodeURIComponent(serviceId)}`, { method: "DELETE" });
}

export function useDeleteService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteService,
    onSettled: (_data, _error, serviceId) => invalidateService(queryClient, serviceId),
  });
}
