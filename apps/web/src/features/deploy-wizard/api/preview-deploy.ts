// The server's dry run of a deploy (POST ?dryRun=true): the same issues as a real deploy plus the
// quota impact and hourly cost, without writing anything.
import type { DeployPreview } from "@rts/contracts";
import { apiRequest } from "../../../lib/api-client.ts";

export function previewDeployment(body: unknown, signal?: AbortSignal): Promise<DeployPreview> {
  return apiRequest<DeployPreview>("/api/v1/services?dryRun=true", { method: "POST", body, signal });
}

export const deployPreviewQueryKey = (body: unknown) => ["deploy-preview", body] as const;
