// GET /api/v1/specifications: flavors; unavailable ones are shown gray and cannot be chosen (R6).
import type { Flavor } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { poolKeys } from "./pool-keys.ts";

export function getSpecifications(signal?: AbortSignal): Promise<{ items: Flavor[]; note: string }> {
  return apiRequest<{ items: Flavor[]; note: string }>("/api/v1/specifications", { signal });
}

export function specificationsQueryOptions() {
  return queryOptions({ queryKey: poolKeys.specifications(), queryFn: ({ signal }) => getSpecifications(signal), staleTime: 5 * 60_000 });
}

export function useSpecifications() {
  return useQuery(specificationsQueryOptions());
}
