// Progressive rollouts of one service (GET/POST /api/v1/services/:id/rollouts, POST
// .../rollouts/:rolloutId/{pause|resume|promote|abort}). While the newest one moves traffic it is
// read every second, and each step or end refreshes the service, whose routing the step changed.
// A rollout starts with the service's revision as If-Match: one started from a stale page is
// refused (412) instead of moving traffic the user has not seen.
import type { Rollout, StartRolloutRequest } from "@rts/contracts";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { apiRequest } from "../../lib/api-client.ts";
import { isRolloutActive, type RolloutAction } from "../../features/rollouts/rollout-states.ts";
import { queryKeys } from "../query-keys.ts";
import { ifMatch, serviceUrl } from "../services/services-calls.ts";

export const ROLLOUT_POLL_MS = 1_000;

export interface RolloutList {
  items: Rollout[];
}

export type StartRolloutBody = Omit<StartRolloutRequest, "revision">;

const rolloutsUrl = (serviceId: string) => serviceUrl(serviceId, "/rollouts");

export function getRollouts(serviceId: string, signal?: AbortSignal): Promise<RolloutList> {
  return apiRequest<RolloutList>(rolloutsUrl(serviceId), { signal });
}

export function startRollout(serviceId: string, body: StartRolloutBody, revision: number): Promise<Rollout> {
  return apiRequest<Rollout>(rolloutsUrl(serviceId), { method: "POST", body, headers: ifMatch(revision) });
}

export function controlRollout(serviceId: string, rolloutId: string, action: RolloutAction): Promise<Rollout> {
  return apiRequest<Rollout>(`${rolloutsUrl(serviceId)}/${encodeURIComponent(rolloutId)}/${action}`, { method: "POST" });
}

export function rolloutsQueryOptions(serviceId: string) {
  return queryOptions({
    queryKey: queryKeys.services.rollouts(serviceId),
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
    void queryClient.invalidateQueries({ queryKey: queryKeys.services.detail(serviceId), exact: true });
  }, [progress, queryClient, serviceId]);
  return rollouts;
}

export function useStartRollout(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (start: { body: StartRolloutBody; revision: number }) => startRollout(serviceId, start.body, start.revision),
    onSuccess: (rollout) => {
      // Shown (and polled) at once, before the list is read again.
      queryClient.setQueryData<RolloutList>(queryKeys.services.rollouts(serviceId), (old) => ({
        items: [rollout, ...(old?.items ?? []).filter((item) => item.id !== rollout.id)],
      }));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.services.detail(serviceId) }),
  });
}

export function useControlRollout(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (control: { rolloutId: string; action: RolloutAction }) => controlRollout(serviceId, control.rolloutId, control.action),
    onSuccess: (rollout) => {
      queryClient.setQueryData<RolloutList>(queryKeys.services.rollouts(serviceId), (old) =>
        old ? { items: old.items.map((item) => (item.id === rollout.id ? rollout : item)) } : { items: [rollout] },
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.services.detail(serviceId) }),
  });
}
