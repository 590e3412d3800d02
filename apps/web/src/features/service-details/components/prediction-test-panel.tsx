import { exampleRequestText, type ServiceDetail } from "@rts/contracts";
import { useId, useState, type FormEvent } from "react";
import { useSendPrediction, type PredictionResult } from "../../../api/services/gateway-calls.ts";
import { ExampleVersionSelect, useExampleConfiguration } from "./example-version-select.tsx";
import { exampleOrigin, jsonError } from "./request-examples.ts";
import { WebSocketTestPanel } from "./websocket-test-panel.tsx";

function problemLine(body: unknown): string | null {
  if (!body || typeof body !== "object") return null;
  const problem = body as { title?: unknown; detail?: unknown };
  const parts = [problem.title, problem.detail].filter((part): part is string => typeof part === "string" && part.length > 0);
  return parts.length ? parts.join(": ") : null;
}

function PredictionAnswer({ result }: { result: PredictionResult }) {
  const problem = result.ok ? null : problemLine(result.body);
  return (
    <div className="sd-answer">
      <dl className="sd-facts">
        <dt>Status</dt>
        <dd className={result.ok ? "state-good" : "state-bad"}>{result.status}</dd>
        <dt>Answered by version</dt>
        <dd data-testid="model-version">{result.modelVersion ?? "—"}</dd>
        <dt>Latency</dt>
        <dd>{result.latencyMs} ms</dd>
        {result.retryAfter ? (
          <>
            <dt>Retry after</dt>
            <dd>{result.retryAfter} s</dd>
          </>
        ) : null}
      </dl>
      {problem ? <p className="sd-field-error">{problem}</p> : null}
      <pre className="sd-pre" aria-label="Response body">
        {result.isJson ? JSON.stringify(result.body, null, 2) : String(result.body ?? "")}
      </pre>
    </div>
  );
}

function HttpTestPanel({ service }: { service: ServiceDetail }) {
  const fieldId = useId();
  const errorId = useId();
  const [configuration, setConfigurationId] = useExampleConfiguration(service);
  const [body, setBody] = useState(() => exampleRequestText(configuration?.exampleRequest ?? null));
  const [error, setError] = useState<string | null>(null);
  const send = useSendPrediction(service.id);

  function startFrom(configurationId: string) {
    setConfigurationId(configurationId);
    const chosen = service.configurations.find((c) => c.id === configurationId);
    setBody(exampleRequestText(chosen?.exampleRequest ?? null));
    setError(null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = jsonError(body);
    setError(problem);
    if (problem) return;
    send.mutate(body);
  }

  return (
    <form onSubmit={submit} noValidate className="sd-prediction">
      <ExampleVersionSelect service={service} value={configuration} onChange={startFrom} />
      <label htmlFor={fieldId}>Request body (JSON)</label>
      <textarea
        id={fieldId}
        value={body}
        rows={8}
        spellCheck={false}
        onChange={(event) => {
          setBody(event.target.value);
          if (error) setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${errorId}-hint ${errorId}`}
      />
      <p id={`${errorId}-hint`} className="sd-muted">
        {exampleOrigin(configuration)} Sent to the service as it is, with your console session
        {service.configurations.length > 1 ? "; the gateway picks the version that answers by traffic ratio" : ""}. Ctrl+Enter sends.
      </p>
      <p id={errorId} className="sd-field-error" role="alert">
        {error ?? ""}
      </p>
      <button type="submit" className="btn btn-primary" disabled={send.isPending}>
        {send.isPending ? "Sending…" : "Send"}
      </button>
      <div className="sd-result" aria-live="polite">
        {send.error ? <p className="sd-field-error">The request did not reach the server: {send.error.message}</p> : null}
        {send.data ? <PredictionAnswer result={send.data} /> : null}
      </div>
    </form>
  );
}

export function PredictionTestPanel({ service }: { service: ServiceDetail }) {
  return (
    <section aria-labelledby="sd-prediction-heading">
      <h2 id="sd-prediction-heading">Prediction test</h2>
      {service.state !== "Running" && service.state !== "Concerning" ? (
        <p className="sd-muted">The service is {service.state}: calls are answered only while it is Running.</p>
      ) : null}
      {service.websocket ? <WebSocketTestPanel service={service} /> : <HttpTestPanel service={service} />}
    </section>
  );
}
