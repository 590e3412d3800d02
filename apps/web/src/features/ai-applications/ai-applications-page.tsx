// My AI Applications: each version with its state as text; only Normal versions can be deployed.
import { EmptyState } from "../../components/ui/empty-state/empty-state.tsx";
import { ErrorState } from "../../components/ui/error-state/error-state.tsx";
import { LoadingState } from "../../components/ui/loading-state/loading-state.tsx";
import { PageHeader } from "../../components/ui/page-header/page-header.tsx";
import { RelativeTime } from "../../components/ui/relative-time/relative-time.tsx";
import { VersionStateBadge } from "../../components/ui/state-badge/version-state-badge.tsx";
import { useAiApplications } from "../../api/ai-applications/ai-applications.ts";

const SOURCE_LABEL = { container_image: "Container image", model_package: "Model package", model_file: "Model file (ONNX)" } as const;

export function Component() {
  const apps = useAiApplications();
  return (
    <>
      <PageHeader title="AI Applications" description="Your AI applications and their versions. Only versions in the Normal state can be deployed." />
      {apps.isPending ? (
        <LoadingState label="Loading AI applications…" minHeight="12rem" />
      ) : apps.isError ? (
        <ErrorState error={apps.error} onRetry={() => void apps.refetch()} title="The AI applications could not be loaded." />
      ) : apps.data.items.length === 0 ? (
        <EmptyState title="You have no AI applications yet." />
      ) : (
        apps.data.items.map((app) => (
          <section key={app.id} className="panel" aria-labelledby={`app-${app.id}`}>
            <h2 id={`app-${app.id}`}>{app.name}</h2>
            {app.description ? <p className="muted">{app.description}</p> : null}
            <div className="table-wrap">
              <table className="data-table table-cards">
                <caption className="sr-only">Versions of {app.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">State</th>
                    <th scope="col">Source</th>
                    <th scope="col">WebSocket</th>
                    <th scope="col">Deployable</th>
                  </tr>
                </thead>
                <tbody>
                  {app.versions.map((version) => (
                    <tr key={version.id}>
                      <th scope="row">{version.version}</th>
                      <td data-label="State">
                        <VersionStateBadge state={version.state} />
                      </td>
                      <td data-label="Source">{SOURCE_LABEL[version.source] ?? version.source}</td>
                      <td data-label="WebSocket">{version.websocket ? "Yes (WebSocket-compliant)" : "No"}</td>
                      <td data-label="Deployable">{version.state === "Normal" ? "Yes" : `No: the version is ${version.state}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted">
              Created <RelativeTime value={app.createdAt} />
            </p>
          </section>
        ))
      )}
    </>
  );
}
