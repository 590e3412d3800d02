// PATCH /api/v1/services/:id (R16). The revision the change was made against travels as If-Match,
// so a change made on a stale page is refused (412) instead of overwriting someone else's.
import type { ModifyPreview, ModifyServiceRequestInput, ServiceDetail } from "@rts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { invalidateService } from "./invalidate-service.ts";

export type ServiceChangeBody = Omit<ModifyServiceRequestInput, "revision">;

function modifyUrl(serviceId: string, dryRun: boolean): string {
  return `/api/v1/services/${encodeURIComponent(serviceId)}${dryRun ? "?dryRun=true" : ""}`;
}

export function ifMatch(revision: number): Record<string, string> {
  return { "if-match": `"${revision}"` };
}

export function modifyService(serviceId: string, body: ServiceChangeBody, revision: number): Promise<ServiceDetail> {
  return apiRequest<ServiceDetail>(modifyUrl(serviceId, false), { method: "PATCH", body, headers: ifMatch(revision) });
}

export function previewServiceChange(serviceId: string, body: ServiceChangeBody, revision: number, signal?: AbortSignal): Promise<ModifyPreview> {
  return apiRequest<ModifyPreview>(modifyUrl(serviceId, true), { method: "PATCH", body, headers: ifMatch(revision), ...(signal ? { signal } : {}) });
}

export function useModifyService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { serviceId: string; body: ServiceChangeBody; revision: number }) =>
      modifyService(change.serviceId, change.body, change.revision),
    onSettled: (_data, _error, change) => invalidateService(queryClient, change.serviceId),
  });
}
