// The last step of a modify (R16): what changes (old -> new), whether instances restart, and the
// quota and hourly cost difference, from the server's dry run once it answered (the shared rules
// until then). Nothing is sent before Apply changes.
import { ChangeSummary } from "../../services/components/change-summary.tsx";
import type { ModifyPreviewState } from "../hooks/use-modify-preview.ts";

export function ModifyConfirmationStep({ state, revision }: { state: ModifyPreviewState; revision: number }) {
  const { preview } = state;
  const refused = !preview.valid && preview.issues.length > 0;
  return (
    <section className="deploy-confirmation" aria-labelledby="modify-confirm-changes">
      <h3 id="modify-confirm-changes">Changes to revision {revision}</h3>
      {state.checking && <p className="deploy-hint">Checking with the server…</p>}
      {refused && (
        <div className="deploy-alert" data-testid="modify-refused">
          <p>
            <strong>{state.source === "server" ? "The server's dry run refuses this change:" : "This change breaks these rules:"}</strong>
          </p>
          <ul>
            {preview.issues.map((i) => (
              <li key={`${i.path}-${i.message}`}>{i.message}</li>
            ))}
          </ul>
        </div>
      )}
      <ChangeSummary preview={preview} />
      <p className="deploy-hint" data-testid="modify-preview-source">
        {state.source === "server"
          ? "From the server's dry run."
          : state.serverError
            ? `Computed in the browser; the server could not check this yet: ${state.serverError}`
            : "Computed in the browser; the server checks again when you apply."}
      </p>
    </section>
  );
}
