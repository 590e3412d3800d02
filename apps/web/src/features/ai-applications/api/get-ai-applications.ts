// GET /api/v1/ai-applications: My AI Applications with their versions and states.
import type { AppVersion } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";

export interface AiApplication {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  versions: AppVersion[];
}

export const aiApplicationKeys = {
  all: ["ai-applications"] as const,
  list: () => [...aiApplicationKeys.all, "list"] as const,
};

export function getAiApplications(signal?: AbortSignal): Promise<{ items: AiApplication[] }> {
  return apiRequest<{ items: AiApplication[] }>("/api/v1/ai-applications", { signal });
}

export function aiApplicationsQueryOptions() {
  return queryOptions({ queryKey: aiApplicationKeys.list(), queryFn: ({ signal }) => getAiApplications(signal) });
}

export function useAiApplications() {
  return useQuery(aiApplicationsQueryOptions());
}
