// POST /api/v1/tokens: the answer carries the secret, once. It is never cached in the query cache.
import type { CreatedToken, CreateTokenRequest } from "@rts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { tokenKeys } from "./token-keys.ts";

export function createToken(body: CreateTokenRequest): Promise<CreatedToken> {
  return apiRequest<CreatedToken>("/api/v1/tokens", { method: "POST", body });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createToken, onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }) });
}
