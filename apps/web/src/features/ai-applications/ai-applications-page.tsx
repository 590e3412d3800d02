// My AI Applications: create one, add versions (own route), watch each build (Building -> Normal
// or Failed, polled), read its build events, deploy Normal versions, delete what no service uses.
import { useState } from "react";
import {
  useAiApplications,
  useDeleteAiApplication,
  useDeleteAiApplicationVersion,
  type AiApplication,
  type AiApplicationVersion,
} from "../../api/ai-applications/ai-applications.ts";
import { ConfirmDialog } from "../../components/ui/confirm-dialog/confirm-dialog.tsx";
import { EmptyState } from "../../components/ui/empty-state/empty-state.tsx";
import { describeError, ErrorState } from "../../components/ui/error-state/error-state.tsx";
import { LoadingState } from "../../components/ui/loading-state/loading-state.tsx";
import { PageHeader } from "../../components/ui/page-header/page-header.tsx";
import { notify } from "../../components/ui/toast/notifications.ts";
import { ApplicationPanel } from "./components/application-panel.tsx";
import { CreateApplicationForm } from "./components/create-application-form.tsx";
import "./ai-applications.css";

type DeleteTarget = { kind: "application"; application: AiApplication } | { kind: "version"; version: AiApplicationVersion };

export function AiApplicationsPage() {
  const apps = useAiApplications();
  const deleteApplication = useDeleteAiApplication();
  const deleteVersion = useDeleteAiApplicationVersion();
  const [toDelete, setToDelete] = useState<DeleteTarget | null>(null);
  const deletion = toDelete?.kind === "version" ? deleteVersion : deleteApplication;

  function requestDelete(target: DeleteTarget) {
    deleteApplication.reset();
    deleteVersion.reset();
    setToDelete(target);
  }

  function confirmDelete() {
    if (!toDelete) return;
    const done = (what: string, subject: string) => () => {
      setToDelete(null);
      notify(what, subject);
    };
    if (toDelete.kind === "application") {
      const { application } = toDelete;
      deleteApplication.mutate(application.id, { onSuccess: done("AI application deleted", application.name) });
    } else {
      const { version } = toDelete;
      deleteVersion.mutate(
        { applicationId: version.applicationId, versionId: version.id },
        { onSuccess: done("Version deleted", `${version.applicationName} ${version.version}`) },
      );
    }
  }

  return (
    <>
      <PageHeader
        title="AI Applications"
        description="Bring your own models: create an application, then add versions from a model package, an ONNX model file or a container image. A version is Building while it is checked and built; only Normal versions can be deployed."
      />
      <CreateApplicationForm onCreated={(application) => notify("AI application created", application.name, { detail: "Add its first version next." })} />
      {apps.isPending ? (
        <LoadingState label="Loading AI applications…" minHeight="12rem" />
      ) : apps.isError ? (
        <ErrorState error={apps.error} onRetry={() => void apps.refetch()} title="The AI applications could not be loaded." />
      ) : apps.data.items.length === 0 ? (
        <EmptyState title="You have no AI applications yet.">Create one above, then add a version with your model.</EmptyState>
      ) : (
        apps.data.items.map((application) => (
          <ApplicationPanel
            key={application.id}
            application={application}
            onRequestDelete={(a) => requestDelete({ kind: "application", application: a })}
            onRequestDeleteVersion={(version) => requestDelete({ kind: "version", version })}
          />
        ))
      )}
      <ConfirmDialog
        open={toDelete !== null}
        title={
          toDelete?.kind === "version"
            ? `Delete version ${toDelete.version.version} of ${toDelete.version.applicationName}?`
            : `Delete AI application ${toDelete?.application.name ?? ""}?`
        }
        confirmLabel={toDelete?.kind === "version" ? "Delete version" : "Delete AI application"}
        busy={deletion.isPending}
        error={deletion.isError ? describeError(deletion.error).detail : null}
        onClose={() => setToDelete(null)}
        onConfirm={confirmDelete}
      >
        <p>
          {toDelete?.kind === "version"
            ? "The version and its uploaded file are removed. A version that a service uses cannot be deleted."
            : "The application, all its versions and their uploaded files are removed. An application whose versions a service uses cannot be deleted."}
        </p>
      </ConfirmDialog>
    </>
  );
}

export function Component() {
  return <AiApplicationsPage />;
}
