// The session: who is signed in (GET /api/v1/auth/me, a 401 problem when nobody is), sign in and
// sign out. Signing in or out drops every cached answer: they belonged to the previous user.
import type { LoginRequest, Me } from "@rts/contracts";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiProblem, apiRequest } from "../../lib/api-client.ts";
import { queryKeys } from "../query-keys.ts";

export function getMe(signal?: AbortSignal): Promise<Me> {
  return apiRequest<Me>("/api/v1/auth/me", { signal });
}

export function login(body: LoginRequest): Promise<Me> {
  return apiRequest<Me>("/api/v1/auth/login", { method: "POST", body });
}

export function logout(): Promise<void> {
  return apiRequest<void>("/api/v1/auth/logout", { method: "POST" });
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 401;
}

export function meQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.auth.me(),
    queryFn: ({ signal }) => getMe(signal),
    staleTime: 60_000,
    // A 401 is an answer ("not signed in"), not a failure worth retrying.
    retry: (count, error) => !isUnauthorized(error) && count < 1,
  });
}

export function useMe() {
  return useQuery(meQueryOptions());
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.auth.me(), me);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: logout, onSettled: () => queryClient.clear() });
}
