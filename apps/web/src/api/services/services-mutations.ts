// What the console changes about services. After any change the service's rows, details and
// everything below them are stale, and so are the quota and pools it holds capacity in.
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { queryKeys } from "../query-keys.ts";
import {
  cancelService,
  deleteService,
  deployService,
  modifyService,
  restoreRevision,
  startService,
  stopService,
  type ServiceChangeBody,
} from "./services-calls.ts";

export function invalidateService(queryClient: QueryClient, serviceId?: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: serviceId ? queryKeys.services.lists() : queryKeys.services.all }),
    ...(serviceId ? [queryClient.invalidateQueries({ queryKey: queryKeys.services.detail(serviceId) })] : []),
    queryClient.invalidateQueries({ queryKey: queryKeys.quota.all }),
    queryClient.invalidateQueries({ queryKey: queryKeys.pools.all }),
  ]).then(() => undefined);
}

export function useDeployService() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deployService, onSuccess: () => invalidateService(queryClient) });
}

export function useModifyService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { serviceId: string; body: ServiceChangeBody; revision: number }) =>
      modifyService(change.serviceId, change.body, change.revision),
    onSettled: (_data, _error, change) => invalidateService(queryClient, change.serviceId),
  });
}

export function useRestoreRevision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (restore: { serviceId: string; number: number; revision: number }) =>
      restoreRevision(restore.serviceId, restore.number, restore.revision),
    onSettled: (_data, _error, restore) => invalidateService(queryClient, restore.serviceId),
  });
}

function useServiceAction(action: (serviceId: string) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSettled: (_data, _error, serviceId) => invalidateService(queryClient, serviceId),
  });
}

export const useStartService = () => useServiceAction(startService);
export const useStopService = () => useServiceAction(stopService);
export const useCancelService = () => useServiceAction(cancelService);
export const useDeleteService = () => useServiceAction(deleteService);
