import type { DeployServiceRequest, ServiceDetail } from "@rts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";

export type DeployServiceInput = { request: DeployServiceRequest; idempotencyKey: string };

/** 202 with the new service (Deploying); 422 problem+json with field errors otherwise. */
export function deployService({ request, idempotencyKey }: DeployServiceInput): Promise<ServiceDetail> {
  return apiRequest<ServiceDetail>("/api/v1/services", {
    method: "POST",
    body: request,
    headers: { "Idempotency-Key": idempotencyKey },
  });
}

export function useDeployService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deployService,
    onSuccess: async () => {
      // A new service changes the list and count, and a public-pool one the quota.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["services"] }),
        queryClient.invalidateQueries({ queryKey: ["quota"] }),
        queryClient.invalidateQueries({ queryKey: ["pools"] }),
      ]);
    },
  });
}
