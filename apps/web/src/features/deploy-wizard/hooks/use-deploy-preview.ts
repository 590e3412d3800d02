// Live quota and cost for the current form values: the shared rules' preview at once, and the
// server's dry run (debounced) when a fetcher is given. Server state stays in the query cache.
import { previewDeploy, type DeployContext, type DeployPreview } from "@rts/contracts";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { ApiProblem } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../api/query-keys.ts";
import type { PreviewState } from "../components/deploy-preview-panel.tsx";

export type RequestPreview = (body: unknown, signal?: AbortSignal) => Promise<DeployPreview>;

export const PREVIEW_DEBOUNCE_MS = 400;

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function useDeployPreview(values: unknown, context: DeployContext, requestPreview?: RequestPreview): PreviewState {
  const local = useMemo(() => previewDeploy(values, context), [values, context]);
  const body = useMemo(() => JSON.stringify(values), [values]);
  const debouncedBody = useDebounced(body, PREVIEW_DEBOUNCE_MS);
  const enabled = requestPreview !== undefined && local.quota !== null;
  const query = useQuery({
    queryKey: queryKeys.services.deployPreview(debouncedBody),
    queryFn: ({ signal }) => (requestPreview as RequestPreview)(JSON.parse(debouncedBody), signal),
    enabled,
    retry: false,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  const current = enabled && debouncedBody === body && query.data !== undefined && !query.isPlaceholderData;
  const serverError =
    query.error instanceof ApiProblem ? query.error.message : query.error ? "the server did not answer." : undefined;
  return {
    preview: current ? (query.data as DeployPreview) : local,
    source: current ? "server" : "local",
    checking: enabled && (debouncedBody !== body || query.isFetching),
    ...(serverError ? { serverError } : {}),
  };
}
