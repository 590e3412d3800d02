import type { QueryClient } from "@tanstack/react-query";
import { serviceKeys } from "./service-keys.ts";

/** After an action on one service: its row in every list and its details are stale. */
export function invalidateService(queryClient: QueryClient, serviceId: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: serviceKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: serviceKeys.detail(serviceId) }),
  ]).then(() => undefined);
}
