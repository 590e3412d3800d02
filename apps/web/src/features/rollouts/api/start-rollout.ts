// POST /api/v1/services/:id/rollouts with the service's revision as If-Match: a rollout started
// from a stale page is refused (412) instead of moving traffic the user has not seen.
import type { Rollout, StartRolloutRequest } from "@rts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { ifMatch } from "../../services/api/modify-service.ts";
import { serviceKeys } from "../../services/api/service-keys.ts";
import type { RolloutList } from "./get-rollouts.ts";
import { rolloutsUrl } from "./rollouts-url.ts";

export type StartRolloutBody = Omit<StartRolloutRequest, "revision">;

export function startRollout(serviceId: string, body: StartRolloutBody, revision: number): Promise<Rollout> {
  return apiRequest<Rollout>(rolloutsUrl(serviceId), { method: "POST", body, headers: ifMatch(revision) });
}

export function useStartRollout(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (start: { body: StartRolloutBody; revision: number }) => startRollout(serviceId, start.body, start.revision),
    onSuccess: (rollout) => {
      // Shown (and polled) at once, before the list is read again.
      queryClient.setQueryData<RolloutList>(serviceKeys.rollouts(serviceId), (old) => ({
        items: [rollout, ...(old?.items ?? []).filter((item) => item.id !== rollout.id)],
      }));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceKeys.detail(serviceId) }),
  });
}
