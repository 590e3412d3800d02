// POST /api/v1/services/:id/revisions/:number/restore (R16): brings an earlier revision back
// through the same rolling path as a modify. `?dryRun=true` answers what it would change; both
// carry the service's current revision as If-Match, so a restore never overwrites a newer change.
// The body is empty JSON: the revision travels in If-Match, and the API reads a JSON body.
import type { ModifyPreview, ServiceDetail } from "@rts/contracts";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { invalidateService } from "./invalidate-service.ts";
import { ifMatch } from "./modify-service.ts";
import { serviceKeys } from "./service-keys.ts";

function restoreUrl(serviceId: string, number: number, dryRun: boolean): string {
  return `/api/v1/services/${encodeURIComponent(serviceId)}/revisions/${number}/restore${dryRun ? "?dryRun=true" : ""}`;
}

export function previewRestore(serviceId: string, number: number, revision: number, signal?: AbortSignal): Promise<ModifyPreview> {
  return apiRequest<ModifyPreview>(restoreUrl(serviceId, number, true), { method: "POST", body: {}, headers: ifMatch(revision), ...(signal ? { signal } : {}) });
}

export function restoreRevision(serviceId: string, number: number, revision: number): Promise<ServiceDetail> {
  return apiRequest<ServiceDetail>(restoreUrl(serviceId, number, false), { method: "POST", body: {}, headers: ifMatch(revision) });
}

export function restorePreviewQueryOptions(serviceId: string, number: number, revision: number) {
  return queryOptions({
    queryKey: serviceKeys.restorePreview(serviceId, number, revision),
    queryFn: ({ signal }) => previewRestore(serviceId, number, revision, signal),
    retry: false,
  });
}

export function useRestorePreview(serviceId: string, number: number | null, revision: number) {
  return useQuery({ ...restorePreviewQueryOptions(serviceId, number ?? 0, revision), enabled: number !== null });
}

export function useRestoreRevision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (restore: { serviceId: string; number: number; revision: number }) =>
      restoreRevision(restore.serviceId, restore.number, restore.revision),
    onSettled: (_data, _error, restore) => invalidateService(queryClient, restore.serviceId),
  });
}
