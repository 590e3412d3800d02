// Every call the console makes about services, in one place: list, read, deploy, modify, the
// lifecycle actions, revisions, metering, metrics and collected samples. Changes carry the
// revision they were made against as If-Match, so a change from a stale page is refused (412).
import type {
  DeployPreview,
  DeployServiceRequest,
  MeteringSummary,
  ModifyPreview,
  ModifyServiceRequestInput,
  ServiceDetail,
  ServiceList,
  ServiceMetrics,
  ServiceRevisionList,
  ServiceSamples,
  ServiceState,
} from "@rts/contracts";
import { SAMPLES_PAGE_DEFAULT } from "@rts/contracts";
import { ApiProblem, apiRequest } from "../../lib/api-client.ts";

export type ServiceSortField = "name" | "createdAt";
export type SortOrder = "asc" | "desc";

export interface ServicesListParams {
  q?: string;
  state?: ServiceState;
  page: number;
  pageSize: number;
  sort: ServiceSortField;
  order: SortOrder;
}

export type ServiceChangeBody = Omit<ModifyServiceRequestInput, "revision">;
export type DeployServiceInput = { request: DeployServiceRequest; idempotencyKey: string };

export const DEFAULT_PAGE_SIZE = 10;
/** The service limit is 20, so one page of 100 holds every name (R2) and the count (R1). */
export const EXISTING_SERVICES_PAGE_SIZE = 100;

export function serviceUrl(serviceId: string, path = ""): string {
  return `/api/v1/services/${encodeURIComponent(serviceId)}${path}`;
}

export function ifMatch(revision: number): Record<string, string> {
  return { "if-match": `"${revision}"` };
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 404;
}

export function getServices(params: ServicesListParams | { pageSize: number }, signal?: AbortSignal): Promise<ServiceList> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== "") search.set(key, String(value));
  return apiRequest<ServiceList>(`/api/v1/services?${search.toString()}`, { signal });
}

export function getService(serviceId: string, signal?: AbortSignal): Promise<ServiceDetail> {
  return apiRequest<ServiceDetail>(serviceUrl(serviceId), { signal });
}

/** 202 with the new service (Deploying); 422 problem+json with field errors otherwise. */
export function deployService({ request, idempotencyKey }: DeployServiceInput): Promise<ServiceDetail> {
  return apiRequest<ServiceDetail>("/api/v1/services", { method: "POST", body: request, headers: { "Idempotency-Key": idempotencyKey } });
}

/** The server's dry run of a deploy: the same issues plus quota impact and cost, nothing written. */
export function previewDeployment(body: unknown, signal?: AbortSignal): Promise<DeployPreview> {
  return apiRequest<DeployPreview>("/api/v1/services?dryRun=true", { method: "POST", body, signal });
}

export function modifyService(serviceId: string, body: ServiceChangeBody, revision: number): Promise<ServiceDetail> {
  return apiRequest<ServiceDetail>(serviceUrl(serviceId), { method: "PATCH", body, headers: ifMatch(revision) });
}

export function previewServiceChange(serviceId: string, body: ServiceChangeBody, revision: number, signal?: AbortSignal): Promise<ModifyPreview> {
  return apiRequest<ModifyPreview>(serviceUrl(serviceId, "?dryRun=true"), { method: "PATCH", body, headers: ifMatch(revision), signal });
}

/** 202 (Stopped/Failed/Abnormal -> Deploying); 409 problem when the state does not allow it. */
export function startService(serviceId: string): Promise<ServiceDetail> {
  return apiRequest<ServiceDetail>(serviceUrl(serviceId, "/start"), { method: "POST" });
}

/** 202 (Running/Concerning/Abnormal -> Stopping); 409 problem when the state does not allow it. */
export function stopService(serviceId: string): Promise<ServiceDetail> {
  return apiRequest<ServiceDetail>(serviceUrl(serviceId, "/stop"), { method: "POST" });
}

/** A deploy in progress goes Stopping -> Stopped; an update goes back to the revision before it. */
export function cancelService(serviceId: string): Promise<ServiceDetail> {
  return apiRequest<ServiceDetail>(serviceUrl(serviceId, "/cancel"), { method: "POST" });
}

/** Allowed from every state: 204, or 202 (Deleting, then gone with its instances and quota). */
export function deleteService(serviceId: string): Promise<unknown> {
  return apiRequest<unknown>(serviceUrl(serviceId), { method: "DELETE" });
}

export function getRevisions(serviceId: string, signal?: AbortSignal): Promise<ServiceRevisionList> {
  return apiRequest<ServiceRevisionList>(serviceUrl(serviceId, "/revisions"), { signal });
}

// The body is empty JSON: the revision travels in If-Match, and the API reads a JSON body.
export function previewRestore(serviceId: string, number: number, revision: number, signal?: AbortSignal): Promise<ModifyPreview> {
  return apiRequest<ModifyPreview>(serviceUrl(serviceId, `/revisions/${number}/restore?dryRun=true`), {
    method: "POST",
    body: {},
    headers: ifMatch(revision),
    signal,
  });
}

export function restoreRevision(serviceId: string, number: number, revision: number): Promise<ServiceDetail> {
  return apiRequest<ServiceDetail>(serviceUrl(serviceId, `/revisions/${number}/restore`), { method: "POST", body: {}, headers: ifMatch(revision) });
}

export function getServiceMetering(serviceId: string, signal?: AbortSignal): Promise<MeteringSummary> {
  return apiRequest<MeteringSummary>(serviceUrl(serviceId, "/metering"), { signal });
}

/** Null when the server has no metrics for this service (404): an empty state, not an error. */
export async function getServiceMetrics(serviceId: string, minutes: number, signal?: AbortSignal): Promise<ServiceMetrics | null> {
  try {
    return await apiRequest<ServiceMetrics>(serviceUrl(serviceId, `/metrics?minutes=${minutes}`), { signal });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** One page of a service's collected calls (R11), newest first; `cursor` is the previous page's nextCursor. */
export function getServiceSamples(serviceId: string, cursor: string | null, signal?: AbortSignal): Promise<ServiceSamples> {
  const query = new URLSearchParams({ limit: String(SAMPLES_PAGE_DEFAULT) });
  if (cursor) query.set("cursor", cursor);
  return apiRequest<ServiceSamples>(serviceUrl(serviceId, `/samples?${query}`), { signal });
}
