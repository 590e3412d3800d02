// Route module for /services/:serviceId/modify (R16): the Deploy wizard prefilled with the service
// as it was when the page opened. That revision travels as If-Match with the dry runs and the
// change, so an edit made on a page someone else has changed since is refused (412) and the page
// offers to reload instead of overwriting. A change that went through leads to the details page,
// where the update shows live.
import { canModify, transitionRefusal, type DeployServiceRequest, type ServiceDetail } from "@rts/contracts";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { Button } from "../../components/ui/button/button.tsx";
import { PageHeader } from "../../components/ui/page-header/page-header.tsx";
import { paths } from "../../config/paths.ts";
import { ApiProblem } from "../../lib/api-client.ts";
import { isNotFound, previewServiceChange, type ServiceChangeBody } from "../../api/services/services-calls.ts";
import { serviceQueryOptions } from "../../api/services/services-queries.ts";
import { useModifyService } from "../../api/services/services-mutations.ts";
import { serviceNotices } from "../services/components/service-notices.ts";
import { DeployWizard } from "./components/deploy-wizard.tsx";
import { LeaveGuard } from "./components/leave-guard.tsx";
import { useDeployContext } from "./hooks/use-deploy-context.ts";
import { useWizardExit } from "./hooks/use-wizard-exit.ts";
import { changeBody, serviceAsDeployValues, type ModifyMode } from "./modify-form.ts";

function StaleRevisionAlert({ detail, busy, onReload }: { detail: string; busy: boolean; onReload: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="deploy-alert" role="alert" data-testid="stale-revision" ref={ref} tabIndex={-1}>
      <p>
        <strong>This service changed since you opened it: reload it before you apply a change.</strong>
      </p>
      <p>{detail}</p>
      <p>Reloading starts again from its current settings; the edits made on this page are dropped.</p>
      <Button variant="primary" busy={busy} onClick={onReload}>
        Reload the service
      </Button>
    </div>
  );
}

/** `guardLeaving` needs the app's data router (the route module sets it). */
export function ModifyPage({ serviceId, guardLeaving = false }: { serviceId: string; guardLeaving?: boolean }) {
  const navigate = useNavigate();
  const exit = useWizardExit();
  const service = useQuery(serviceQueryOptions(serviceId));
  const { context, error: contextError, retry } = useDeployContext();
  const modify = useModifyService();
  const [opened, setOpened] = useState<ServiceDetail | null>(null);
  const [refused412, setRefused412] = useState<string | null>(null);
  const [applying, setApplying] = useState(false);
  // Read by the dry run's callback: once the change went through, its dry runs at the old revision
  // answer 412 by design, which says nothing about the page being stale.
  const applyingRef = useRef(false);
  const [reloading, setReloading] = useState(false);

  // The form edits the service as first loaded; later reads only tell whether it moved on.
  if (opened === null && service.data) setOpened(service.data);

  const latest = service.data;
  const movedOn =
    !applying && opened !== null && latest !== undefined && latest.revision !== opened.revision
      ? `It was at revision ${opened.revision} when you opened this page and is now at revision ${latest.revision}.`
      : null;
  const stale = refused412 ?? movedOn;

  const requestPreview = useCallback(
    async (body: ServiceChangeBody, signal?: AbortSignal) => {
      if (!opened) throw new Error("The service is not loaded yet.");
      try {
        return await previewServiceChange(serviceId, body, opened.revision, signal);
      } catch (err) {
        if (err instanceof ApiProblem && err.status === 412 && !applyingRef.current) setRefused412(err.problem.detail);
        throw err;
      }
    },
    [serviceId, opened],
  );

  const mode = useMemo<ModifyMode | undefined>(
    () => (opened ? { serviceId, revision: opened.revision, current: serviceAsDeployValues(opened), requestPreview } : undefined),
    [serviceId, opened, requestPreview],
  );

  async function reload() {
    setReloading(true);
    try {
      const fresh = await service.refetch();
      if (fresh.data) {
        setOpened(fresh.data);
        setRefused412(null);
      }
    } finally {
      setReloading(false);
    }
  }

  async function apply(request: DeployServiceRequest) {
    if (!opened) return;
    setApplying(true);
    applyingRef.current = true;
    try {
      serviceNotices.modified(opened.name, await modify.mutateAsync({ serviceId, body: changeBody(request), revision: opened.revision }));
    } catch (err) {
      setApplying(false);
      applyingRef.current = false;
      if (err instanceof ApiProblem && err.status === 412) {
        setRefused412(err.problem.detail);
        return;
      }
      throw err;
    }
    exit.leave();
    await navigate(paths.service(serviceId));
  }

  const name = opened?.name ?? latest?.name;
  let body;
  if (service.isError && !opened) {
    body = isNotFound(service.error) ? (
      <p role="alert">This service was not found, or it is not yours. It may have been deleted.</p>
    ) : (
      <div role="alert" className="deploy-alert">
        <p>
          <strong>The service could not be loaded.</strong> {service.error.message}
        </p>
        <button type="button" onClick={() => void service.refetch()}>
          Try again
        </button>
      </div>
    );
  } else if (contextError) {
    body = (
      <div role="alert" className="deploy-alert">
        <p>
          <strong>The modify page could not load what it needs.</strong> {contextError.message}
        </p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </div>
    );
  } else if (!opened || !mode || context === null) {
    body = (
      <p role="status" aria-live="polite">
        Loading the service, specifications, pools, AI applications and quota…
      </p>
    );
  } else {
    const refusal = latest && !canModify(latest.state) ? transitionRefusal("modify", latest.state) : null;
    body = (
      <>
        {stale && <StaleRevisionAlert detail={stale} busy={reloading} onReload={() => void reload()} />}
        {refusal && !stale && (
          <p className="deploy-note" role="status">
            {refusal} Wait until it is done; the change is checked again when you apply it.
          </p>
        )}
        <DeployWizard
          key={opened.revision}
          context={context}
          modify={mode}
          onDirtyChange={exit.onDirtyChange}
          onCancel={() => {
            exit.leave();
            void navigate(paths.service(serviceId));
          }}
          onSubmit={apply}
        />
      </>
    );
  }

  return (
    <div className="deploy-page">
      <PageHeader
        title={name ? `Modify ${name}` : "Modify service"}
        breadcrumbs={[
          { label: "Real-Time Services", to: paths.services },
          { label: name ?? "Service", to: paths.service(serviceId) },
          { label: "Modify" },
        ]}
      />
      {body}
      {guardLeaving && <LeaveGuard shouldBlock={exit.shouldBlock} modify />}
    </div>
  );
}

export function Component() {
  const { serviceId } = useParams<{ serviceId: string }>();
  if (!serviceId) return <p>No service chosen.</p>;
  return <ModifyPage key={serviceId} serviceId={serviceId} guardLeaving />;
}
