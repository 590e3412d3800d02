// POST /api/v1/auth/login: signs in (sets the session cookie) and answers with the user.
import type { LoginRequest, Me } from "@rts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { authKeys } from "./auth-keys.ts";

export function login(body: LoginRequest): Promise<Me> {
  return apiRequest<Me>("/api/v1/auth/login", { method: "POST", body });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (me) => {
      // Drop anything cached for a previous user, then seed the new one.
      queryClient.clear();
      queryClient.setQueryData(authKeys.me(), me);
    },
  });
}
