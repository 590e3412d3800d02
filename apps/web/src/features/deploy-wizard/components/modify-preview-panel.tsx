// Modify mode's side panel: the quota and hourly cost difference of the change as it stands, and
// whether instances restart, live as the form changes.
import { QuotaDifferenceTable, costDifferenceText, instanceEffectText } from "../../services/components/change-summary.tsx";
import type { ModifyPreviewState } from "../hooks/use-modify-preview.ts";
import { CheckedByHint } from "./deploy-preview-panel.tsx";

export function ModifyPreviewPanel({ state }: { state: ModifyPreviewState }) {
  const { preview } = state;
  return (
    <aside className="deploy-preview" aria-labelledby="deploy-preview-title">
      <h2 id="deploy-preview-title">Quota and cost difference</h2>
      <div aria-live="polite">
        <QuotaDifferenceTable quota={preview.quota} />
        {preview.quota && !preview.quota.fits && <p className="deploy-field-error">Not enough quota for this change.</p>}
        <p>
          <strong>Hourly cost:</strong> <span data-testid="hourly-cost">{costDifferenceText(preview)}</span>
        </p>
        <p>
          <strong>Changes:</strong>{" "}
          {preview.changes.length === 0
            ? "none yet"
            : `${preview.changes.length} ${preview.changes.length === 1 ? "setting" : "settings"}; ${preview.restarts ? "instances restart." : "no instance restarts."}`}
        </p>
        {preview.changes.length > 0 && <p className="deploy-hint">{instanceEffectText(preview)}</p>}
        <CheckedByHint state={state} />
      </div>
    </aside>
  );
}
