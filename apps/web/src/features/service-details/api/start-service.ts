import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { serviceDetailKeys } from "./service-detail-keys.ts";

/** Accepted with 202; the service then moves through its states (409 problem when not allowed now). */
export function startService(serviceId: string): Promise<unknown> {
  return apiRequest<unknown>(`/api/v1/services/${encodeURIComponent(serviceId)}/start`, { method: "POST" });
}

export function useStartService(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => startService(serviceId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceDetailKeys.all }),
  });
}
