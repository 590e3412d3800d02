// GET /api/v1/specifications: the flavors; unavailable ones are shown gray and cannot be chosen (R6).
import type { Flavor } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../lib/api-client.ts";
import { queryKeys } from "../query-keys.ts";

export type SpecificationList = { items: Flavor[]; note: string };

export function getSpecifications(signal?: AbortSignal): Promise<SpecificationList> {
  return apiRequest<SpecificationList>("/api/v1/specifications", { signal });
}

export function specificationsQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.specifications.list(),
    queryFn: ({ signal }) => getSpecifications(signal),
    staleTime: 60_000,
  });
}

export function useSpecifications() {
  return useQuery(specificationsQueryOptions());
}
