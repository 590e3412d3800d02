// What the wizard's rules need, loaded from the list endpoints and assembled into the
// DeployContext, for the Deploy and the Modify page alike.
import type { DeployContext } from "@rts/contracts";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { buildDeployContext } from "../build-deploy-context.ts";
import { aiApplicationsQueryOptions } from "../../../api/ai-applications/ai-applications.ts";
import { existingServicesQueryOptions } from "../../../api/services/services-queries.ts";
import { poolsQueryOptions } from "../../../api/pools/pools.ts";
import { quotaQueryOptions } from "../../../api/quota/quota.ts";
import { specificationsQueryOptions } from "../../../api/specifications/specifications.ts";

export function useDeployContext() {
  const specifications = useQuery(specificationsQueryOptions());
  const pools = useQuery(poolsQueryOptions());
  const applications = useQuery(aiApplicationsQueryOptions());
  const quota = useQuery(quotaQueryOptions());
  const services = useQuery(existingServicesQueryOptions());
  const queries = [specifications, pools, applications, quota, services];

  const context = useMemo<DeployContext | null>(() => {
    if (!specifications.data || !pools.data || !applications.data || !quota.data || !services.data) return null;
    return buildDeployContext({
      specifications: specifications.data,
      pools: pools.data,
      applications: applications.data,
      quota: quota.data,
      services: services.data,
    });
  }, [specifications.data, pools.data, applications.data, quota.data, services.data]);

  const failed = queries.find((q) => q.isError);
  return {
    context,
    error: failed?.error ?? null,
    retry: () => queries.forEach((q) => q.isError && void q.refetch()),
  };
}
