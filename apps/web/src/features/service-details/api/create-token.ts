import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CreatedToken, CreateTokenRequest } from "@rts/contracts";
import { apiRequest } from "../../../lib/api-client.ts";

/** The full token comes back once, in this answer only. */
export function createToken(request: CreateTokenRequest): Promise<CreatedToken> {
  return apiRequest<CreatedToken>("/api/v1/tokens", { method: "POST", body: request });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createToken,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["tokens"] }),
  });
}
