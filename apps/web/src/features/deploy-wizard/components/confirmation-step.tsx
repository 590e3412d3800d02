// The last step: the entered information, read-only, with the dry run's quota impact, cost and
// warnings. It is the only place showing them on this step: the side panel steps aside.
import { findDedicatedPool, findVersion, flavorLabel, type DeployContext } from "@rts/contracts";
import type { DeployFormValues } from "../deploy-form.ts";
import { QuotaImpactTable, hourlyCostText, type PreviewState } from "./deploy-preview-panel.tsx";

function onOff(v: boolean | undefined): string {
  return v ? "On" : "Off";
}

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="deploy-summary-row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ConfirmationStep({ values, context, preview }: { values: DeployFormValues; context: DeployContext; preview: PreviewState }) {
  const pool = values.resourcePool;
  const poolText =
    pool.type === "public"
      ? "Public resource pools"
      : `Dedicated resource pools: ${(pool.poolIds ?? []).map((id) => findDedicatedPool(context, id)?.name ?? id).join(", ") || "none chosen"}`;
  const dc = values.dataCollection;
  return (
    <div className="deploy-confirmation">
      <dl className="deploy-summary" aria-label="Entered information">
        <Row term="Name">{values.name}</Row>
        <Row term="Description">{values.description || "—"}</Row>
        <Row term="Resource Pool">{poolText}</Row>
        <Row term="Multi-Pool Load Balancing">{onOff(values.multiPoolLoadBalancing)}</Row>
        <Row term="AI Application Source">My AI Applications</Row>
        {values.configurations.map((c, i) => {
          const v = findVersion(context, c.versionId);
          const keys = (c.envVars ?? []).map((e) => e.key).filter(Boolean);
          return (
            <Row key={i} term={`AI Application and Version ${values.configurations.length > 1 ? i + 1 : ""}`.trim()}>
              <span>{v ? `${v.applicationName} ${v.version}` : "No version chosen"}</span>
              <ul className="deploy-summary-list">
                <li>Traffic Ratio (%): {Number.isFinite(Number(c.trafficRatio)) ? c.trafficRatio : "—"}</li>
                <li>Specifications: {c.flavorId ? flavorLabel(context, c.flavorId) : "none chosen"}</li>
                <li>Compute Nodes: {Number.isFinite(Number(c.computeNodes)) ? c.computeNodes : "—"}</li>
                <li>
                  Environment Variable: {keys.length === 0 ? "none" : `${keys.join(", ")} (values not shown)`}
                </li>
              </ul>
            </Row>
          );
        })}
        <Row term="Timeout">{Number.isFinite(Number(values.timeoutMinutes)) ? `${values.timeoutMinutes} minutes` : "—"}</Row>
        <Row term="WebSocket">{onOff(values.websocket)}</Row>
        <Row term="Data Collection">
          {dc?.enabled ? `On: sampling rate ${dc.samplingPercent ?? "—"}%, retention ${dc.retentionDays ?? "—"} days` : "Off"}
        </Row>
        <Row term="Traffic limit">
          {values.trafficLimit ? `${values.trafficLimit.requestsPerSecond} requests per second` : "No limit"}
        </Row>
        <Row term="Auto Stop">{values.autoStop ? `After ${values.autoStop.hours} ${values.autoStop.hours === 1 ? "hour" : "hours"}` : "Off"}</Row>
      </dl>
      <section aria-labelledby="deploy-confirm-quota" className="deploy-confirm-preview">
        <h3 id="deploy-confirm-quota">Quota impact and cost</h3>
        {preview.checking && <p className="deploy-hint">Checking with the server…</p>}
        <QuotaImpactTable preview={preview.preview} />
        {preview.preview.quota && !preview.preview.quota.fits && <p className="deploy-field-error">Not enough quota for this service.</p>}
        <p>
          <strong>Hourly cost:</strong> <span data-testid="hourly-cost">{hourlyCostText(preview.preview)}</span>
        </p>
        {preview.preview.warnings.length > 0 && (
          <ul className="deploy-warning">
            {preview.preview.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        <p className="deploy-hint">
          {preview.source === "server" ? "From the server's dry run." : "Computed in the browser; the server checks again on submit."}
        </p>
      </section>
    </div>
  );
}
