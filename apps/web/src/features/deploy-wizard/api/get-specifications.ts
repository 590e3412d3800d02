import type { Flavor } from "@rts/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";

export type SpecificationList = { items: Flavor[]; note: string };

export function getSpecifications(signal?: AbortSignal): Promise<SpecificationList> {
  return apiRequest<SpecificationList>("/api/v1/specifications", { signal });
}

export const specificationsQueryOptions = () =>
  queryOptions({ queryKey: ["specifications"], queryFn: ({ signal }) => getSpecifications(signal), staleTime: 60_000 });

export function useSpecifications() {
  return useQuery(specificationsQueryOptions());
}
