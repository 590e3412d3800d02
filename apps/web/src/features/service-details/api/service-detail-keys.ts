// Query keys of the service-details feature. The service itself lives under
// ["services", "detail", id], the same key the services list's live (SSE) updates patch or
// invalidate, so this page follows state changes without polling. Everything read about one
// service hangs below that key, and mutations invalidate ["services"] to refresh all of it.
export const serviceDetailKeys = {
  all: ["services"] as const,
  detail: (serviceId: string) => ["services", "detail", serviceId] as const,
  metrics: (serviceId: string, minutes: number) => ["services", "detail", serviceId, "metrics", minutes] as const,
  samples: (serviceId: string, limit: number) => ["services", "detail", serviceId, "samples", limit] as const,
  metering: (serviceId: string) => ["services", "detail", serviceId, "metering"] as const,
};
