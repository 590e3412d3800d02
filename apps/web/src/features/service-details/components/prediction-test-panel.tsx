import type { ServiceDetail } from "@rts/contracts";
import type { FormEvent } from "react";
import { useSendPrediction, type PredictionResult } from "../../../api/services/gateway-calls.ts";
import { ExampleRequestField, useExampleRequest } from "./example-request-field.tsx";
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
  const request = useExampleRequest(service);
  const send = useSendPrediction(service.id);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = request.checked();
    if (body !== null) send.mutate({ version: request.configuration, body });
  }

  const oip = request.configuration?.protocol === "oip-v2";

  return (
    <form onSubmit={submit} noValidate className="sd-prediction">
      <ExampleRequestField
        request={request}
        label={oip ? "Inference request (Open Inference Protocol v2, JSON)" : "Request body (JSON)"}
        rows={8}
        hint={
          oip
            ? `Sent as it is, with your console session, to version ${request.configuration?.version} only: POST …/v2/models/${request.configuration?.applicationName}/versions/${request.configuration?.version}/infer. Ctrl+Enter sends.`
            : `Sent to the service as it is, with your console session${
                service.configurations.length > 1 ? "; the gateway picks the version that answers by traffic ratio" : ""
              }. Ctrl+Enter sends.`
        }
      />
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
