// GET /api/v1/ai-applications: My AI Applications with every version, its state and how to call it.
import type { AiApplicationList } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../lib/api-client.ts";
import { queryKeys } from "../query-keys.ts";

export type { AiApplication, AiApplicationList, AiApplicationVersion } from "@rts/contracts";

export function getAiApplications(signal?: AbortSignal): Promise<AiApplicationList> {
  return apiRequest<AiApplicationList>("/api/v1/ai-applications", { signal });
}

export function aiApplicationsQueryOptions() {
  return queryOptions({ queryKey: queryKeys.aiApplications.list(), queryFn: ({ signal }) => getAiApplications(signal) });
}

export function useAiApplications() {
  return useQuery(aiApplicationsQueryOptions());
}
