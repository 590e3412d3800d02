// POST /api/v1/services/:id/rollouts/:rolloutId/{pause|resume|promote|abort} -> the rollout after it.
import type { Rollout } from "@rts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { serviceKeys } from "../../services/api/service-keys.ts";
import type { RolloutAction } from "../rollout-states.ts";
import type { RolloutList } from "./get-rollouts.ts";
import { rolloutsUrl } from "./rollouts-url.ts";

export function controlRollout(serviceId: string, rolloutId: string, action: RolloutAction): Promise<Rollout> {
  return apiRequest<Rollout>(`${rolloutsUrl(serviceId)}/${encodeURIComponent(rolloutId)}/${action}`, { method: "POST" });
}

export function useControlRollout(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (control: { rolloutId: string; action: RolloutAction }) => controlRollout(serviceId, control.rolloutId, control.action),
    onSuccess: (rollout) => {
      queryClient.setQueryData<RolloutList>(serviceKeys.rollouts(serviceId), (old) =>
        old ? { items: old.items.map((item) => (item.id === rollout.id ? rollout : item)) } : { items: [rollout] },
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceKeys.detail(serviceId) }),
  });
}
