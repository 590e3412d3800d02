// GET /api/v1/auth/me: the signed-in user, or a 401 ApiProblem when there is no session.
import type { Me } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { ApiProblem, apiRequest } from "../../../lib/api-client.ts";
import { authKeys } from "./auth-keys.ts";

export function getMe(signal?: AbortSignal): Promise<Me> {
  return apiRequest<Me>("/api/v1/auth/me", { signal });
}

export function meQueryOptions() {
  return queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => getMe(signal),
    staleTime: 60_000,
    // A 401 is an answer ("not signed in"), not a failure worth retrying.
    retry: (count, error) => !(error instanceof ApiProblem && error.status === 401) && count < 1,
  });
}

export function useMe() {
  return useQuery(meQueryOptions());
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 401;
}
