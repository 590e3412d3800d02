// GET /api/v1/tokens: the user's API tokens, never their secrets.
import type { Token } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { tokenKeys } from "./token-keys.ts";

export function getTokens(signal?: AbortSignal): Promise<{ items: Token[] }> {
  return apiRequest<{ items: Token[] }>("/api/v1/tokens", { signal });
}

export function tokensQueryOptions() {
  return queryOptions({ queryKey: tokenKeys.list(), queryFn: ({ signal }) => getTokens(signal) });
}

export function useTokens() {
  return useQuery(tokensQueryOptions());
}
