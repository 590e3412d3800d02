// My AI Applications (GET/POST /api/v1/ai-applications, DELETE /api/v1/ai-applications/:id) and
// their versions: added from an uploaded model package or ONNX file (multipart, with progress) or
// from a container image, each Building until the worker has built it, then Normal or Failed;
// deleted unless a service uses them (409 names the services). While a version builds, the list
// polls so Building turns into Normal or Failed by itself.
import type {
  AiApplication,
  AiApplicationList,
  AiApplicationVersion,
  ContainerImageVersionRequest,
  CreateAiApplicationRequest,
  VersionEventList,
} from "@rts/contracts";
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../lib/api-client.ts";
import { uploadRequest, type UploadProgress } from "../../lib/upload-request.ts";
import { queryKeys } from "../query-keys.ts";

export type { AiApplication, AiApplicationList, AiApplicationVersion, VersionEventList } from "@rts/contracts";
export type { UploadProgress } from "../../lib/upload-request.ts";

export const BUILDING_POLL_MS = 2_000;

const COLLECTION_URL = "/api/v1/ai-applications";

function applicationUrl(applicationId: string): string {
  return `${COLLECTION_URL}/${encodeURIComponent(applicationId)}`;
}

function versionUrl(applicationId: string, versionId: string): string {
  return `${applicationUrl(applicationId)}/versions/${encodeURIComponent(versionId)}`;
}

export function isBuilding(list: AiApplicationList | undefined): boolean {
  return list?.items.some((app) => app.versions.some((version) => version.state === "Building")) ?? false;
}

export function getAiApplications(signal?: AbortSignal): Promise<AiApplicationList> {
  return apiRequest<AiApplicationList>(COLLECTION_URL, { signal });
}

export function createAiApplication(body: CreateAiApplicationRequest): Promise<AiApplication> {
  return apiRequest<AiApplication>(COLLECTION_URL, { method: "POST", body });
}

/** Refused (409) while a service uses one of its versions. */
export function deleteAiApplication(applicationId: string): Promise<void> {
  return apiRequest<void>(applicationUrl(applicationId), { method: "DELETE" });
}

/** Refused (409) while a service uses it. */
export function deleteAiApplicationVersion({ applicationId, versionId }: { applicationId: string; versionId: string }): Promise<void> {
  return apiRequest<void>(versionUrl(applicationId, versionId), { method: "DELETE" });
}

export interface UploadVersionInput {
  applicationId: string;
  version: string;
  /** A model package (.tar.gz, .tgz, .zip with rts-model.json) or an .onnx model file. */
  file: File;
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
}

/** The `version` field goes first so the server can refuse a bad label before reading the file. */
export function uploadAiApplicationVersion({ applicationId, version, file, signal, onProgress }: UploadVersionInput): Promise<AiApplicationVersion> {
  const body = new FormData();
  body.append("version", version);
  body.append("file", file, file.name);
  return uploadRequest<AiApplicationVersion>(`${applicationUrl(applicationId)}/versions`, body, { signal, onProgress });
}

export function addImageVersion({ applicationId, request }: { applicationId: string; request: ContainerImageVersionRequest }): Promise<AiApplicationVersion> {
  return apiRequest<AiApplicationVersion>(`${applicationUrl(applicationId)}/versions/image`, { method: "POST", body: request });
}

export function getVersionEvents(applicationId: string, versionId: string, signal?: AbortSignal): Promise<VersionEventList> {
  return apiRequest<VersionEventList>(`${versionUrl(applicationId, versionId)}/events`, { signal });
}

/** Polls every 2 s while any version is Building, and stops when none is. */
export function aiApplicationsQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.aiApplications.list(),
    queryFn: ({ signal }) => getAiApplications(signal),
    refetchInterval: (query) => (isBuilding(query.state.data) ? BUILDING_POLL_MS : false),
  });
}

export function useAiApplications() {
  return useQuery(aiApplicationsQueryOptions());
}

/** A version's build steps; refreshed while it builds. */
export function useVersionEvents(version: Pick<AiApplicationVersion, "applicationId" | "id" | "state">, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.aiApplications.versionEvents(version.applicationId, version.id),
    queryFn: ({ signal }) => getVersionEvents(version.applicationId, version.id, signal),
    enabled,
    refetchInterval: version.state === "Building" ? BUILDING_POLL_MS : false,
  });
}

function invalidateAiApplications(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: queryKeys.aiApplications.all });
}

export function useCreateAiApplication() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createAiApplication, onSuccess: () => invalidateAiApplications(queryClient) });
}

export function useDeleteAiApplication() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteAiApplication, onSettled: () => invalidateAiApplications(queryClient) });
}

export function useDeleteAiApplicationVersion() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteAiApplicationVersion, onSettled: () => invalidateAiApplications(queryClient) });
}

export function useUploadAiApplicationVersion() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: uploadAiApplicationVersion, onSuccess: () => invalidateAiApplications(queryClient) });
}

export function useAddImageVersion() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: addImageVersion, onSuccess: () => invalidateAiApplications(queryClient) });
}
