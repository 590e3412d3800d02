// GET /api/v1/quota: the user's public-pool quota, what is used and who holds it (R12).
import type { QuotaReport } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../lib/api-client.ts";
import { queryKeys } from "../query-keys.ts";

export function getQuota(signal?: AbortSignal): Promise<QuotaReport> {
  return apiRequest<QuotaReport>("/api/v1/quota", { signal });
}

export function quotaQueryOptions() {
  return queryOptions({ queryKey: queryKeys.quota.all, queryFn: ({ signal }) => getQuota(signal) });
}

export function useQuota() {
  return useQuery(quotaQueryOptions());
}
