// The facts the shared deploy rules need, assembled from the same list endpoints the API reads,
// so the wizard and the API evaluate R1-R12 against the same world.
import type { DeployContext, Flavor, Pool, QuotaReport, ServiceList } from "@rts/contracts";
import type { AiApplication } from "../../api/ai-applications/ai-applications.ts";

export type DeployContextSources = {
  specifications: { items: Flavor[] };
  pools: { items: Pool[] };
  applications: { items: AiApplication[] };
  quota: Pick<QuotaReport, "limit" | "used">;
  services: Pick<ServiceList, "items" | "count">;
};

export function buildDeployContext(sources: DeployContextSources): DeployContext {
  return {
    serviceCount: sources.services.count,
    existingServiceNames: sources.services.items.map((s) => s.name),
    flavors: sources.specifications.items,
    pools: sources.pools.items,
    versions: sources.applications.items.flatMap((a) => a.versions),
    quota: { limit: sources.quota.limit, used: sources.quota.used },
  };
}
