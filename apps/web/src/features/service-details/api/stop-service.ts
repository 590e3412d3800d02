import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { serviceDetailKeys } from "./service-detail-keys.ts";

/** Accepted with 202; the service then moves through its states (409 problem when not allowed now). */
export function stopService(serviceId: string): Promise<unknown> {
  return apiRequest<unknown>(`/api/v1/services/${encodeURIComponent(serviceId)}/stop`, { method: "POST" });
}

export function useStopService(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => stopService(serviceId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceDetailKeys.all }),
  });
}
