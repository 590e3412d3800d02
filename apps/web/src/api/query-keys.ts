// The console's one query-key factory. Every cached answer hangs below its resource's root key,
// so a mutation anywhere invalidates by these keys and every page showing that resource refreshes.
// Everything read about one service hangs below `services.detail(id)`: refreshing a service (the
// live stream does it) refreshes its revisions, rollouts, metrics and samples too.
import type { MetricsRange } from "@rts/contracts";
import type { ServicesListParams } from "./services/services-calls.ts";

export const queryKeys = {
  auth: {
    all: ["auth"] as const,
    me: () => ["auth", "me"] as const,
  },
  services: {
    all: ["services"] as const,
    lists: () => ["services", "list"] as const,
    list: (params: ServicesListParams | { pageSize: number }) => ["services", "list", params] as const,
    details: () => ["services", "detail"] as const,
    detail: (id: string) => ["services", "detail", id] as const,
    revisions: (id: string) => ["services", "detail", id, "revisions"] as const,
    restorePreview: (id: string, number: number, revision: number) =>
      ["services", "detail", id, "revisions", "restore-preview", number, revision] as const,
    rollouts: (id: string) => ["services", "detail", id, "rollouts"] as const,
    metrics: (id: string, range: MetricsRange) => ["services", "detail", id, "metrics", range] as const,
    samples: (id: string, limit: number) => ["services", "detail", id, "samples", limit] as const,
    metering: (id: string) => ["services", "detail", id, "metering"] as const,
    modifyPreview: (id: string, revision: number, body: string) => ["services", "detail", id, "modify-preview", revision, body] as const,
    deployPreview: (body: string) => ["services", "deploy-preview", body] as const,
  },
  pools: {
    all: ["pools"] as const,
    list: () => ["pools", "list"] as const,
  },
  specifications: {
    all: ["specifications"] as const,
    list: () => ["specifications", "list"] as const,
  },
  aiApplications: {
    all: ["ai-applications"] as const,
    list: () => ["ai-applications", "list"] as const,
    versionEvents: (applicationId: string, versionId: string) => ["ai-applications", "version-events", applicationId, versionId] as const,
  },
  quota: {
    all: ["quota"] as const,
  },
  tokens: {
    all: ["tokens"] as const,
    list: () => ["tokens", "list"] as const,
  },
  metering: {
    all: ["metering"] as const,
    totals: () => ["metering", "totals"] as const,
  },
};
