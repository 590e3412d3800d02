// Route module for /ai-applications/:applicationId/versions/new: the add-version form for one of
// My AI Applications; once the version is accepted (Building), back to the list, which follows its
// build by itself.
import { useNavigate, useParams } from "react-router";
import { useAiApplications } from "../../api/ai-applications/ai-applications.ts";
import { ErrorState } from "../../components/ui/error-state/error-state.tsx";
import { LoadingState } from "../../components/ui/loading-state/loading-state.tsx";
import { PageHeader } from "../../components/ui/page-header/page-header.tsx";
import { notify } from "../../components/ui/toast/notifications.ts";
import { paths } from "../../config/paths.ts";
import { ButtonLink } from "../../components/ui/button/button.tsx";
import { AddVersionForm } from "./components/add-version-form.tsx";
import "./ai-applications.css";

export function AddVersionPage({ applicationId }: { applicationId: string }) {
  const navigate = useNavigate();
  const apps = useAiApplications();
  const application = apps.data?.items.find((app) => app.id === applicationId);
  const crumbs = (last: string) => [{ label: "AI Applications", to: paths.aiApplications }, { label: last }];
  if (apps.isSuccess && !application) {
    return (
      <PageHeader
        title="AI application not found or not yours"
        breadcrumbs={crumbs("Not found")}
        description="It may have been deleted. Pick an application from the list."
        actions={<ButtonLink to={paths.aiApplications}>Go to AI Applications</ButtonLink>}
      />
    );
  }
  const title = application ? `Add version to ${application.name}` : "Add version";
  return (
    <>
      <PageHeader
        title={title}
        breadcrumbs={crumbs("Add version")}
        description="The version is checked and built after it is added; the AI Applications list shows when it is Normal (deployable) or Failed, and why."
      />
      {apps.isPending ? (
        <LoadingState label="Loading the AI application…" minHeight="12rem" />
      ) : apps.isError ? (
        <ErrorState error={apps.error} onRetry={() => void apps.refetch()} title="The AI application could not be loaded." />
      ) : application ? (
        <AddVersionForm
          application={application}
          onCancel={() => void navigate(paths.aiApplications)}
          onAdded={(version) => {
            notify("Version added", `${application.name} ${version.version}`, { detail: "It is Building now; the list shows when it is ready to deploy." });
            void navigate(paths.aiApplications);
          }}
        />
      ) : null}
    </>
  );
}

export function Component() {
  const { applicationId = "" } = useParams();
  return <AddVersionPage applicationId={applicationId} />;
}
