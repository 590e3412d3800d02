// DELETE /api/v1/tokens/:id: revoke; calls with the token fail from then on.
import type { Token } from "@rts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { tokenKeys } from "./token-keys.ts";

export function revokeToken(tokenId: string): Promise<Token> {
  return apiRequest<Token>(`/api/v1/tokens/${encodeURIComponent(tokenId)}`, { method: "DELETE" });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: revokeToken, onSettled: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }) });
}
