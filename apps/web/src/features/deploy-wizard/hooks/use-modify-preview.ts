// What a modify would do, live as the form changes: the shared previewModify at once, replaced by
// the server's dry run (debounced) when it answers for the same change. Null outside Modify mode.
import { previewModify, type DeployContext, type ModifyPreview } from "@rts/contracts";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { ApiProblem } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../api/query-keys.ts";
import { changeBody, type ModifyMode } from "../modify-form.ts";
import { PREVIEW_DEBOUNCE_MS, useDebounced } from "./use-deploy-preview.ts";

export type ModifyPreviewState = {
  preview: ModifyPreview;
  /** "server" once the dry run answered for the current values. */
  source: "server" | "local";
  checking: boolean;
  serverError?: string;
};

export function useModifyPreview(values: unknown, context: DeployContext, modify: ModifyMode | undefined): ModifyPreviewState | null {
  const body = useMemo(() => (modify ? JSON.stringify(changeBody(values as Record<string, unknown>)) : ""), [values, modify]);
  const local = useMemo(
    () => (modify ? previewModify(JSON.parse(body), modify.current, context, modify.revision) : null),
    [body, modify, context],
  );
  const debouncedBody = useDebounced(body, PREVIEW_DEBOUNCE_MS);
  const requestPreview = modify?.requestPreview;
  // Only a change that parses is worth asking about; the local rules already name what is missing.
  const enabled = requestPreview !== undefined && local !== null && local.quota !== null;
  const query = useQuery({
    queryKey: queryKeys.services.modifyPreview(modify?.serviceId ?? "", modify?.revision ?? 0, debouncedBody),
    queryFn: ({ signal }) => (requestPreview as NonNullable<typeof requestPreview>)(JSON.parse(debouncedBody), signal),
    enabled,
    retry: false,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  if (!local) return null;
  const current = enabled && debouncedBody === body && query.data !== undefined && !query.isPlaceholderData;
  const serverError =
    query.error instanceof ApiProblem ? query.error.message : query.error ? "the server did not answer." : undefined;
  return {
    preview: current ? (query.data as ModifyPreview) : local,
    source: current ? "server" : "local",
    checking: enabled && (debouncedBody !== body || query.isFetching),
    ...(serverError ? { serverError } : {}),
  };
}
