import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { serviceDetailKeys } from "./service-detail-keys.ts";

/** Allowed from every state: the service goes to Deleting, then is gone with its instances and quota. */
export function deleteService(serviceId: string): Promise<unknown> {
  return apiRequest<unknown>(`/api/v1/services/${encodeURIComponent(serviceId)}`, { method: "DELETE" });
}

export function useDeleteService(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteService(serviceId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceDetailKeys.all }),
  });
}
