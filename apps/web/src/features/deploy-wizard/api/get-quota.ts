import type { QuotaReport } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";

export function getQuota(signal?: AbortSignal): Promise<QuotaReport> {
  return apiRequest<QuotaReport>("/api/v1/quota", { signal });
}

export const quotaQueryOptions = () => queryOptions({ queryKey: ["quota"], queryFn: ({ signal }) => getQuota(signal) });

export function useQuota() {
  return useQuery(quotaQueryOptions());
}
