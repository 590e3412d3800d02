// API tokens (GET/POST /api/v1/tokens, DELETE /api/v1/tokens/:id). A created token's secret comes
// back once, in the create answer only, and is never put in the query cache.
import type { CreatedToken, CreateTokenRequest, Token } from "@rts/contracts";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../lib/api-client.ts";
import { queryKeys } from "../query-keys.ts";

export function getTokens(signal?: AbortSignal): Promise<{ items: Token[] }> {
  return apiRequest<{ items: Token[] }>("/api/v1/tokens", { signal });
}

export function createToken(body: CreateTokenRequest): Promise<CreatedToken> {
  return apiRequest<CreatedToken>("/api/v1/tokens", { method: "POST", body });
}

/** Calls with the token fail from then on. */
export function revokeToken(tokenId: string): Promise<Token> {
  return apiRequest<Token>(`/api/v1/tokens/${encodeURIComponent(tokenId)}`, { method: "DELETE" });
}

export function tokensQueryOptions() {
  return queryOptions({ queryKey: queryKeys.tokens.list(), queryFn: ({ signal }) => getTokens(signal) });
}

export function useTokens() {
  return useQuery(tokensQueryOptions());
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createToken, onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens.all }) });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: revokeToken, onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens.all }) });
}
