// R16: every change of a service is a numbered revision. The list says what made each one, what it
// changed (old -> new), whether instances restarted and how it ended (an automatic rollback says
// why); any earlier revision can be restored after a look at what the restore would change.
import { canModify, transitionRefusal, type ServiceDetail, type ServiceRevision } from "@rts/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "../../../components/ui/button/button.tsx";
import { ConfirmDialog } from "../../../components/ui/confirm-dialog/confirm-dialog.tsx";
import { describeError } from "../../../components/ui/error-state/error-state.tsx";
import { ApiProblem } from "../../../lib/api-client.ts";
import { useRevisions, useRestorePreview } from "../../../api/services/services-queries.ts";
import { useRestoreRevision } from "../../../api/services/services-mutations.ts";
import { queryKeys } from "../../../api/query-keys.ts";
import { ChangeSummary, ChangeTable } from "../../services/components/change-summary.tsx";
import { formatDateTime } from "../formatting.ts";
import { ErrorLine, LoadingLine } from "./query-state.tsx";

const ORIGIN_TEXT: Record<ServiceRevision["origin"], string> = {
  deploy: "Deploy",
  modify: "Modify",
  restore: "Restore",
  rollback: "Automatic rollback",
  rollout: "Rollout",
};

function outcomeText(revision: ServiceRevision): string {
  switch (revision.outcome) {
    case "Applying":
      return "Applying…";
    case "Applied":
      return "Applied";
    case "RolledBack":
      return "Rolled back";
    case "Superseded":
      return "Superseded by a later change";
  }
}

function RestoreDialog({ service, revision, onClose }: { service: ServiceDetail; revision: ServiceRevision; onClose: () => void }) {
  const queryClient = useQueryClient();
  const preview = useRestorePreview(service.id, revision.number, service.revision);
  const restore = useRestoreRevision();
  const stalePreview = preview.error instanceof ApiProblem && preview.error.status === 412;
  return (
    <ConfirmDialog
      open
      title={`Restore revision ${revision.number}?`}
      confirmLabel={`Restore revision ${revision.number}`}
      tone="primary"
      busy={restore.isPending}
      error={restore.error ? describeError(restore.error).detail : null}
      onClose={onClose}
      onConfirm={() => restore.mutate({ serviceId: service.id, number: revision.number, revision: service.revision }, { onSuccess: onClose })}
    >
      <p>
        The service goes back to the settings of revision {revision.number}, as a new revision, through the same path as a
        change: it keeps serving meanwhile.
      </p>
      {preview.isPending ? (
        <p role="status">Checking what the restore changes…</p>
      ) : preview.isError ? (
        <div className="form-alert form-alert-error" role="alert">
          <p>
            {stalePreview ? "This service changed since this page read it." : "The restore could not be checked."}{" "}
            {describeError(preview.error).detail}
          </p>
          {stalePreview ? (
            <Button size="sm" onClick={() => void queryClient.invalidateQueries({ queryKey: queryKeys.services.detail(service.id) })}>
              Reload the service
            </Button>
          ) : null}
        </div>
      ) : (
        <>
          {!preview.data.valid && preview.data.issues.length > 0 ? (
            <div className="form-alert form-alert-error" data-testid="restore-refused">
              <p>The server would refuse this restore:</p>
              <ul>
                {preview.data.issues.map((i) => (
                  <li key={`${i.path}-${i.message}`}>{i.message}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <ChangeSummary preview={preview.data} />
        </>
      )}
    </ConfirmDialog>
  );
}

function RevisionCard({
  service,
  revision,
  restoreRefusal,
  onRestore,
}: {
  service: ServiceDetail;
  revision: ServiceRevision;
  restoreRefusal: string | null;
  onRestore: () => void;
}) {
  const headingId = `sd-revision-${revision.number}`;
  return (
    <li className="sd-card" aria-current={revision.current ? "true" : undefined} data-revision={revision.number}>
      <article aria-labelledby={headingId}>
        <h3 id={headingId}>
          Revision {revision.number}
          {revision.current ? " (current)" : ""}
        </h3>
        <dl className="sd-facts">
          <dt>Time</dt>
          <dd>
            <time dateTime={revision.createdAt}>{formatDateTime(revision.createdAt)}</time>
          </dd>
          <dt>Origin</dt>
          <dd>{ORIGIN_TEXT[revision.origin]}</dd>
          <dt>Restarts</dt>
          <dd>{revision.restarts ? "Yes, instances were replaced" : "No"}</dd>
          <dt>Outcome</dt>
          <dd data-outcome={revision.outcome}>
            {outcomeText(revision)}
            {revision.reason ? `: ${revision.reason}` : ""}
          </dd>
        </dl>
        {revision.origin === "deploy" && revision.changes.length === 0 ? (
          <p className="sd-muted">The service as first deployed.</p>
        ) : (
          <ChangeTable changes={revision.changes} caption={`Changes in revision ${revision.number}`} emptyText="Nothing changed." columns={["Before", "After"]} />
        )}
        {!revision.current && revision.number < service.revision ? (
          <Button size="sm" disabledReason={restoreRefusal} onClick={onRestore} aria-label={`Restore revision ${revision.number}`}>
            Restore
          </Button>
        ) : null}
      </article>
    </li>
  );
}

export function RevisionsPanel({ service }: { service: ServiceDetail }) {
  const revisions = useRevisions(service.id);
  const [restoring, setRestoring] = useState<ServiceRevision | null>(null);
  const restoreRefusal = canModify(service.state) ? null : transitionRefusal("modify", service.state);
  return (
    <section aria-labelledby="sd-revisions-heading">
      <h2 id="sd-revisions-heading">Revisions</h2>
      <p className="sd-muted">
        Every change is a numbered revision, newest first. Restoring an earlier one applies its settings again as a new revision.
      </p>
      {revisions.isPending ? (
        <LoadingLine what="revisions" />
      ) : revisions.isError ? (
        <ErrorLine what="the revisions" error={revisions.error} onRetry={() => void revisions.refetch()} />
      ) : revisions.data.items.length === 0 ? (
        <p className="sd-muted">No revisions yet.</p>
      ) : (
        <ol className="sd-revisions" aria-label="Revisions, newest first" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {revisions.data.items.map((revision) => (
            <RevisionCard
              key={revision.number}
              service={service}
              revision={revision}
              restoreRefusal={restoreRefusal}
              onRestore={() => setRestoring(revision)}
            />
          ))}
        </ol>
      )}
      {restoring ? <RestoreDialog service={service} revision={restoring} onClose={() => setRestoring(null)} /> : null}
    </section>
  );
}
