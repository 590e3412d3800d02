import {
  countNoun,
  curlCommand,
  openInferenceCurlCommand,
  openInferenceInferUrl,
  webSocketScript,
  type ServiceConfiguration,
  type ServiceDetail,
} from "@rts/contracts";
import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiProblem } from "../../../lib/api-client.ts";
import { useCreateToken } from "../../../api/tokens/tokens.ts";
import { inferenceUrl, inferenceWebSocketUrl } from "../../../api/services/gateway-calls.ts";
import { CopyButton } from "../../../components/ui/copy-button/copy-button.tsx";
import { ExampleVersionSelect, useExampleConfiguration } from "./example-version-select.tsx";

// A long block (an input schema) scrolls inside its own box: it is a named region that takes focus,
// so keyboard users can scroll it too.
function CodeBlock({ code, label }: { code: string; label: string }) {
  const captionId = useId();
  return (
    <figure className="sd-code">
      <figcaption id={captionId}>{label}</figcaption>
      <pre className="sd-pre" role="region" aria-labelledby={captionId} tabIndex={0}>
        <code>{code}</code>
      </pre>
      <CopyButton text={code} what={label.toLowerCase()} />
    </figure>
  );
}

function CreateTokenInline({ serviceName }: { serviceName: string }) {
  const inputId = useId();
  const errorId = useId();
  const [name, setName] = useState(`${serviceName}-caller`.slice(0, 64));
  const create = useCreateToken();
  const fieldError = create.error instanceof ApiProblem ? create.error.fieldErrors().name : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim() });
  }

  if (create.data) {
    return (
      <div className="sd-token" role="status">
        <p>
          <strong>Token “{create.data.name}” created.</strong> Copy it now: it is shown only this once.
        </p>
        <CodeBlock code={`export TOKEN=${create.data.token}`} label="Token" />
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="sd-inline-form" noValidate>
      <label htmlFor={inputId}>Token name</label>
      <input
        id={inputId}
        value={name}
        maxLength={64}
        onChange={(event) => setName(event.target.value)}
        aria-invalid={fieldError ? true : undefined}
        aria-describedby={fieldError ? errorId : undefined}
      />
      <button type="submit" className="btn btn-secondary" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create token"}
      </button>
      <p id={errorId} className="sd-field-error" role="alert">
        {fieldError ?? (create.error ? create.error.message : "")}
      </p>
    </form>
  );
}

/** For a service with versions that speak OIP v2: the base URL a standard OIP client takes, and its routes. */
function OpenInferenceEndpoint({ service, url }: { service: ServiceDetail; url: string }) {
  const speaking = service.configurations.filter((c) => c.protocol === "oip-v2");
  const [first] = speaking;
  if (!first) return null;
  return (
    <>
      <p>
        {speaking.length === service.configurations.length ? "Its versions speak" : `Version ${speaking.map((c) => c.version).join(", ")} speaks`} the Open
        Inference Protocol v2 (KServe, Triton): give an OIP client the base URL above and the model name{" "}
        <code>{first.applicationName}</code>, or send typed tensors to:
      </p>
      <p className="sd-endpoint">
        <code>{openInferenceInferUrl(url, first.applicationName)}</code>{" "}
        <CopyButton text={openInferenceInferUrl(url, first.applicationName)} what="OIP infer URL" />
      </p>
      <p className="sd-muted">
        <code>…/v2/models/{first.applicationName}/versions/&lt;version&gt;/infer</code> calls one version whatever its traffic ratio;{" "}
        <code>GET …/v2/models/{first.applicationName}</code> describes its inputs and outputs; <code>GET …/v2/health/ready</code> answers 200
        while an instance is healthy.
      </p>
    </>
  );
}

function InputSchema({ configuration }: { configuration: ServiceConfiguration | undefined }) {
  if (!configuration) return null;
  if (configuration.protocol === "oip-v2") {
    return (
      <p className="sd-muted">
        Version {configuration.version} takes an OIP v2 inference request: <code>inputs</code>, each with a name, shape, datatype and data,
        like the example above. <code>GET …/v2/models/{configuration.applicationName}/versions/{configuration.version}</code> lists the tensors it
        expects.
      </p>
    );
  }
  if (!configuration.inputSchema) {
    return <p className="sd-muted">Version {configuration.version} declares no input schema: the example above shows what its model expects.</p>;
  }
  return (
    <>
      <p>
        Version {configuration.version} accepts a JSON body matching this JSON Schema{configuration.exampleRequest ? ", like the example above" : ""}:
      </p>
      <CodeBlock code={JSON.stringify(configuration.inputSchema, null, 2)} label="Input schema" />
    </>
  );
}

export function UsageGuidePanel({ service }: { service: ServiceDetail }) {
  const url = inferenceUrl(service.id);
  const webSocketUrl = inferenceWebSocketUrl(service.id);
  const [configuration, setConfigurationId] = useExampleConfiguration(service);
  const example = configuration?.exampleRequest ?? null;
  const oip = configuration?.protocol === "oip-v2";
  return (
    <section aria-labelledby="sd-usage-heading">
      <h2 id="sd-usage-heading">Usage guide</h2>
      <h3>1. Endpoint</h3>
      <p>
        {service.websocket ? "Open a WebSocket to" : "Send POST requests with a JSON body to"}:
      </p>
      <p className="sd-endpoint">
        <code>{service.websocket ? webSocketUrl : url}</code>{" "}
        <CopyButton text={service.websocket ? webSocketUrl : url} what="gateway URL" />
      </p>
      {service.websocket ? null : <OpenInferenceEndpoint service={service} url={url} />}
      <p className="sd-muted">
        The service answers while it is Running (or in Alarm). The <code>X-Model-Version</code> response header says which
        version answered. Errors are problem+json: 503 when the service is not running
        {service.trafficLimit ? `, 429 with Retry-After above ${countNoun(service.trafficLimit.requestsPerSecond, "call")} per second` : ""}.
      </p>

      <h3>2. API token</h3>
      <p>
        Programs authenticate with an API token in <code>Authorization: Bearer</code>. Manage tokens on the{" "}
        <Link to="/tokens">API tokens</Link> page, or create one here:
      </p>
      <CreateTokenInline serviceName={service.name} />

      <h3>3. Call it</h3>
      <ExampleVersionSelect service={service} value={configuration} onChange={setConfigurationId} />
      {service.websocket ? (
        <>
          <p>
            With the token in <code>$TOKEN</code>, this Node.js 22+ script sends the example message
            {configuration ? ` of version ${configuration.version}` : ""}, prints every message the service streams back, and
            closes after the one of type <code>done</code>:
          </p>
          <CodeBlock code={webSocketScript(webSocketUrl, example)} label="WebSocket example" />
          <p className="sd-muted">
            Tools that can set headers may send <code>Authorization: Bearer $TOKEN</code> on the handshake instead of the
            subprotocol.
          </p>
        </>
      ) : oip && configuration ? (
        <>
          <p>
            With the token in <code>$TOKEN</code>, this sends the OIP example request of version {configuration.version} to the model{" "}
            <code>{configuration.applicationName}</code> and prints the output tensors; an error answer makes curl fail and prints the problem:
          </p>
          <CodeBlock code={openInferenceCurlCommand(url, configuration.applicationName, example)} label="curl example" />
        </>
      ) : (
        <>
          <p>
            With the token in <code>$TOKEN</code>, this sends the example request{configuration ? ` of version ${configuration.version}` : ""}{" "}
            and prints the answer; an error answer makes curl fail and prints the problem:
          </p>
          <CodeBlock code={curlCommand(url, example)} label="curl example" />
        </>
      )}

      <h3>4. Request format</h3>
      <InputSchema configuration={configuration} />
    </section>
  );
}
