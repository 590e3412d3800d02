// Route module for /services/deploy: loads what the rules need, builds the DeployContext and
// renders the wizard; a successful deploy goes back to the list, where the new service shows
// Deploying -> Running live.
import type { DeployServiceRequest } from "@rts/contracts";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useNavigate } from "react-router";
import { buildDeployContext } from "./api/build-deploy-context.ts";
import { useDeployService } from "./api/deploy-service.ts";
import { aiApplicationsQueryOptions } from "./api/get-ai-applications.ts";
import { existingServicesQueryOptions } from "./api/get-existing-services.ts";
import { poolsQueryOptions } from "./api/get-pools.ts";
import { quotaQueryOptions } from "./api/get-quota.ts";
import { specificationsQueryOptions } from "./api/get-specifications.ts";
import { previewDeployment } from "./api/preview-deploy.ts";
import { DeployWizard } from "./components/deploy-wizard.tsx";

function newIdempotencyKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function DeployPage() {
  const navigate = useNavigate();
  const specifications = useQuery(specificationsQueryOptions());
  const pools = useQuery(poolsQueryOptions());
  const applications = useQuery(aiApplicationsQueryOptions());
  const quota = useQuery(quotaQueryOptions());
  const services = useQuery(existingServicesQueryOptions());
  const deploy = useDeployService();
  const queries = [specifications, pools, applications, quota, services];

  const context = useMemo(() => {
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
  return (
    <div className="deploy-page">
      <h1>Deploy</h1>
      {failed ? (
        <div role="alert" className="deploy-alert">
          <p>
            <strong>The deploy page could not load what it needs.</strong> {failed.error?.message}
          </p>
          <button type="button" onClick={() => queries.forEach((q) => q.isError && void q.refetch())}>
            Try again
          </button>
        </div>
      ) : context === null ? (
        <p role="status" aria-live="polite">
          Loading specifications, pools, AI applications and quota…
        </p>
      ) : (
        <DeployWizard
          context={context}
          requestPreview={previewDeployment}
          onCancel={() => void navigate("/services")}
          onSubmit={async (request: DeployServiceRequest) => {
            await deploy.mutateAsync({ request, idempotencyKey: newIdempotencyKey() });
            await navigate("/services");
          }}
        />
      )}
    </div>
  );
}

export const Component = DeployPage;
