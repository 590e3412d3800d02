// A version's build steps behind a disclosure: loaded when opened, refreshed while it builds; with
// the model's inputs and outputs as the build read them from the model itself.
import type { ModelMetadata, TensorDescription } from "@rts/contracts";
import { useState } from "react";
import { useVersionEvents, type AiApplicationVersion } from "../../../api/ai-applications/ai-applications.ts";
import { describeError } from "../../../components/ui/error-state/error-state.tsx";
import { RelativeTime } from "../../../components/ui/relative-time/relative-time.tsx";

export function VersionBuildEvents({ version }: { version: AiApplicationVersion }) {
  const [open, setOpen] = useState(false);
  const events = useVersionEvents(version, open);
  return (
    <details className="build-events" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        Build events<span className="sr-only"> of version {version.version}</span>
      </summary>
      {open && version.modelMetadata ? <ModelTensors metadata={version.modelMetadata} /> : null}
      {!open ? null : events.isPending ? (
        <p role="status">Loading build events…</p>
      ) : events.isError ? (
        <p role="alert" className="field-error">
          The build events could not be loaded. {describeError(events.error).detail}
        </p>
      ) : events.data.items.length === 0 ? (
        <p className="muted">No build events yet.</p>
      ) : (
        <ol className="build-event-list">
          {events.data.items.map((event, index) => (
            <li key={`${event.at}-${index}`}>
              <span className="cell-sub">
                <RelativeTime value={event.at} /> · {event.type}
              </span>
              {event.message}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

function tensors(list: readonly TensorDescription[]): string {
  return list.map((t) => `${t.name} ${t.datatype} [${t.shape.join(", ")}]`).join("; ") || "none";
}

function ModelTensors({ metadata }: { metadata: ModelMetadata }) {
  return (
    <dl className="model-tensors">
      <dt>Inputs</dt>
      <dd>{tensors(metadata.inputs)}</dd>
      <dt>Outputs</dt>
      <dd>
        {tensors(metadata.outputs)}
        {metadata.labels?.length ? <span className="cell-sub">Labels: {metadata.labels.join(", ")}</span> : null}
      </dd>
    </dl>
  );
}
