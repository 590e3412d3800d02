// GET /api/v1/services/:id/rollouts: newest first. While the newest one moves traffic it is read
// every second, and each step or end refreshes the service itself, whose routing the step changed.
import type { Rollout } from "@rts/contracts";
import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { apiRequest } from "../../../lib/api-client.ts";
import { serviceKeys } from "../../services/api/service-keys.ts";
import { isRolloutActive } from "../rollout-states.ts";
import { rolloutsUrl } from "./rollouts-url.ts";

export const ROLLOUT_POLL_MS = 1_000;

export interface RolloutList {
  items: Rollout[];
}

export function getRollouts(serviceId: string, signal?: AbortSignal): Promise<RolloutList> {
  return apiRequest<RolloutList>(rolloutsUrl(serviceId), { signal });
}

export function rolloutsQueryOptions(serviceId: string) {
  return queryOptions({
    queryKey: serviceKeys.rollouts(serviceId),
    queryFn: ({ signal }) => getRollouts(serviceId, signal),
    refetchInterval: (query) => {
      const newest = query.state.data?.items[0];
      return newest && isRolloutActive(newest.state) ? ROLLOUT_POLL_MS : false;
    },
  });
}

export function useRollouts(serviceId: string) {
  const queryClient = useQueryClient();
  const rollouts = useQuery(rolloutsQueryOptions(serviceId));
  const newest = rollouts.data?.items[0];
  const progress = newest ? `${newest.id}:${newest.step}:${newest.state}` : null;
  useEffect(() => {
    if (progress === null) return;
    // exact: the rollouts themselves hang below the detail key and were just read.
    void queryClient.invalidateQueries({ queryKey: serviceKeys.detail(serviceId), exact: true });
  }, [progress, queryClient, serviceId]);
  return rollouts;
}
