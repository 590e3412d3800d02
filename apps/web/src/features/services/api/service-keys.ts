// Query keys of services. The details page and the live-state stream share `detail(id)`.
import type { ServicesListParams } from "./get-services.ts";

export const serviceKeys = {
  all: ["services"] as const,
  lists: () => [...serviceKeys.all, "list"] as const,
  list: (params: ServicesListParams) => [...serviceKeys.lists(), params] as const,
  details: () => [...serviceKeys.all, "detail"] as const,
  detail: (id: string) => [...serviceKeys.details(), id] as const,
  revisions: (id: string) => [...serviceKeys.detail(id), "revisions"] as const,
  rollouts: (id: string) => [...serviceKeys.detail(id), "rollouts"] as const,
  modifyPreview: (id: string, revision: number, body: string) => [...serviceKeys.detail(id), "modify-preview", revision, body] as const,
  restorePreview: (id: string, number: number, revision: number) => [...serviceKeys.revisions(id), "restore-preview", number, revision] as const,
};
