// Route module for /services/deploy: loads what the rules need, builds the DeployContext and
// renders the wizard; a successful deploy goes back to the list, where the new service shows
// Deploying -> Running live.
import type { DeployServiceRequest } from "@rts/contracts";
import { useNavigate } from "react-router";
import { useDeployService } from "../../api/services/services-mutations.ts";
import { previewDeployment } from "../../api/services/services-calls.ts";
import { serviceNotices } from "../services/components/service-notices.ts";
import { PageHeader } from "../../components/ui/page-header/page-header.tsx";
import { paths } from "../../config/paths.ts";
import { DeployWizard } from "./components/deploy-wizard.tsx";
import { LeaveGuard } from "./components/leave-guard.tsx";
import { useDeployContext } from "./hooks/use-deploy-context.ts";
import { useWizardExit } from "./hooks/use-wizard-exit.ts";

function newIdempotencyKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** `guardLeaving` needs the app's data router (the route module sets it). */
export function DeployPage({ guardLeaving = false }: { guardLeaving?: boolean }) {
  const navigate = useNavigate();
  const { context, error, retry } = useDeployContext();
  const deploy = useDeployService();
  const exit = useWizardExit();

  return (
    <div className="deploy-page">
      <PageHeader title="Deploy" pageTitle="Deploy a real-time service" breadcrumbs={[{ label: "Real-Time Services", to: paths.services }, { label: "Deploy" }]} />
      {error ? (
        <div role="alert" className="deploy-alert">
          <p>
            <strong>The deploy page could not load what it needs.</strong> {error.message}
          </p>
          <button type="button" onClick={retry}>
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
          onDirtyChange={exit.onDirtyChange}
          onCancel={() => {
            exit.leave();
            void navigate("/services");
          }}
          onSubmit={async (request: DeployServiceRequest) => {
            await deploy.mutateAsync({ request, idempotencyKey: newIdempotencyKey() });
            serviceNotices.deployed(request.name);
            exit.leave();
            await navigate("/services");
          }}
        />
      )}
      {guardLeaving && <LeaveGuard shouldBlock={exit.shouldBlock} modify={false} />}
    </div>
  );
}

export function Component() {
  return <DeployPage guardLeaving />;
}
