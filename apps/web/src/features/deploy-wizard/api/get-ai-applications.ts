import type { AppVersion } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";

export type AiApplication = { id: string; name: string; description: string; versions: AppVersion[] };
export type AiApplicationList = { items: AiApplication[] };

/** My AI Applications with every version and its state. */
export function getAiApplications(signal?: AbortSignal): Promise<AiApplicationList> {
  return apiRequest<AiApplicationList>("/api/v1/ai-applications", { signal });
}

export const aiApplicationsQueryOptions = () =>
  queryOptions({ queryKey: ["ai-applications"], queryFn: ({ signal }) => getAiApplications(signal) });

export function useAiApplications() {
  return useQuery(aiApplicationsQueryOptions());
}
