// What the deploy would take (R12) and cost (R13), live as the form changes: the shared rules'
// preview at once, replaced by the server's dry run when it answers for the same values.
import type { DeployPreview, ResourceAmount } from "@rts/contracts";
import { formatCents } from "./specifications-field.tsx";

export type PreviewState = {
  preview: DeployPreview;
  /** "server" once POST ?dryRun=true answered for the current values. */
  source: "server" | "local";
  checking: boolean;
  serverError?: string;
};

const DIMENSIONS: Array<{ key: keyof ResourceAmount; label: string }> = [
  { key: "vcpus", label: "vCPUs" },
  { key: "memoryGiB", label: "Memory (GiB)" },
  { key: "gpus", label: "GPUs" },
];

export function QuotaImpactTable({ preview }: { preview: DeployPreview }) {
  const q = preview.quota;
  if (!q) return <p className="deploy-hint">Complete the form to see the quota this service takes.</p>;
  if (!q.holdsQuota) {
    return <p className="deploy-hint">Dedicated resource pool: this service takes no quota; the pool holds it and is metered.</p>;
  }
  return (
    <table className="deploy-quota-table">
      <caption className="deploy-visually-hidden">Quota impact</caption>
      <thead>
        <tr>
          <th scope="col">Quota</th>
          <th scope="col">Used</th>
          <th scope="col">Asked</th>
          <th scope="col">Left</th>
        </tr>
      </thead>
      <tbody>
        {DIMENSIONS.map(({ key, label }) => {
          const over = q.asked[key] > q.left[key];
          return (
            <tr key={key} data-over={over || undefined}>
              <th scope="row">{label}</th>
              <td>
                {q.used[key]} of {q.limit[key]}
              </td>
              <td>{q.asked[key]}</td>
              <td>
                {q.left[key]}
                {over ? " (not enough)" : ""}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function hourlyCostText(preview: DeployPreview): string {
  if (preview.hourlyCostCents === null) return "Complete the form to see the cost.";
  if (preview.quota && !preview.quota.holdsQuota) return "Included in the dedicated resource pool's metering.";
  return `${formatCents(preview.hourlyCostCents)} per hour`;
}

/** Who checked the preview shown: the browser's shared rules, or the server's dry run. */
export function CheckedByHint({ state }: { state: Pick<PreviewState, "checking" | "source" | "serverError"> }) {
  return (
    <p className="deploy-hint">
      {state.checking
        ? "Checking with the server…"
        : state.source === "server"
          ? "Checked by the server (dry run)."
          : state.serverError
            ? `The server could not check this yet: ${state.serverError}`
            : "Checked in the browser with the same rules as the server."}
    </p>
  );
}

export function DeployPreviewPanel({ state }: { state: PreviewState }) {
  const { preview } = state;
  return (
    <aside className="deploy-preview" aria-labelledby="deploy-preview-title">
      <h2 id="deploy-preview-title">Quota and cost</h2>
      <div aria-live="polite">
        <QuotaImpactTable preview={preview} />
        {preview.quota && !preview.quota.fits && (
          <p className="deploy-field-error">Not enough quota for this service.</p>
        )}
        <p>
          <strong>Hourly cost:</strong> <span data-testid="hourly-cost">{hourlyCostText(preview)}</span>
        </p>
        {preview.warnings.length > 0 && (
          <ul className="deploy-warning">
            {preview.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        <CheckedByHint state={state} />
      </div>
    </aside>
  );
}
