// One application: its versions (oldest first), Add version, and Delete for the whole application.
import type { AiApplication, AiApplicationVersion } from "../../../api/ai-applications/ai-applications.ts";
import { Button, ButtonLink } from "../../../components/ui/button/button.tsx";
import { RelativeTime } from "../../../components/ui/relative-time/relative-time.tsx";
import { paths } from "../../../config/paths.ts";
import { VersionRow } from "./version-row.tsx";

export function ApplicationPanel({
  application,
  onRequestDelete,
  onRequestDeleteVersion,
}: {
  application: AiApplication;
  onRequestDelete: (application: AiApplication) => void;
  onRequestDeleteVersion: (version: AiApplicationVersion) => void;
}) {
  const headingId = `app-${application.id}`;
  return (
    <section className="panel application-panel" aria-labelledby={headingId}>
      <div className="application-heading">
        <div>
          <h2 id={headingId}>{application.name}</h2>
          {application.description ? <p className="muted break-anywhere">{application.description}</p> : null}
          <p className="cell-sub">
            Created <RelativeTime value={application.createdAt} />
          </p>
        </div>
        <div className="row-actions">
          <ButtonLink to={paths.addVersion(application.id)} size="sm" aria-label={`Add version to ${application.name}`}>
            Add version
          </ButtonLink>
          <Button size="sm" variant="danger" onClick={() => onRequestDelete(application)} aria-label={`Delete AI application ${application.name}`}>
            Delete
          </Button>
        </div>
      </div>
      {application.versions.length === 0 ? (
        <p className="muted">No versions yet. Add one from a model package, an ONNX model file or a container image.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table table-cards">
            <caption className="sr-only">Versions of {application.name}</caption>
            <colgroup>
              <col style={{ width: "10%" }} />
              <col style={{ width: "20%" }} />
              <col style={{ width: "13%" }} />
              <col style={{ width: "17%" }} />
              <col style={{ width: "15%" }} />
              <col style={{ width: "10%" }} />
              <col style={{ width: "15%" }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">State</th>
                <th scope="col">Source</th>
                <th scope="col">Runtime and protocol</th>
                <th scope="col">Uploaded file</th>
                <th scope="col">Built</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {application.versions.map((version) => (
                <VersionRow key={version.id} version={version} onRequestDelete={onRequestDeleteVersion} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
