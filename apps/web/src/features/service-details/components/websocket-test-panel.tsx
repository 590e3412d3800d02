import { exampleRequestText, type ServiceDetail } from "@rts/contracts";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { inferenceWebSocketUrl } from "../../../api/services/gateway-calls.ts";
import { ExampleVersionSelect, useExampleConfiguration } from "./example-version-select.tsx";
import { exampleOrigin, jsonError } from "./request-examples.ts";

type Status = "closed" | "connecting" | "open";

interface LogEntry {
  n: number;
  direction: "sent" | "received" | "info";
  text: string;
}

function describe(data: unknown): string {
  if (typeof data !== "string") return "(binary message)";
  try {
    const message = JSON.parse(data) as Record<string, unknown>;
    if (message.type === "token") return `token “${String(message.word)}” (score ${String(message.score)})`;
    if (message.type === "done")
      return `done: label ${String(message.label)}, score ${String(message.score)}, version ${String(message.version)}`;
    return data;
  } catch {
    return data;
  }
}

/** A live WebSocket to the service (session cookie auth): connect, send JSON messages, watch the stream. */
export function WebSocketTestPanel({ service }: { service: ServiceDetail }) {
  const inputId = useId();
  const errorId = useId();
  const socketRef = useRef<WebSocket | null>(null);
  const counter = useRef(0);
  const [status, setStatus] = useState<Status>("closed");
  const [configuration, setConfigurationId] = useExampleConfiguration(service);
  const [message, setMessage] = useState(() => exampleRequestText(configuration?.exampleRequest ?? null));
  const [error, setError] = useState<string | null>(null);
  const [log, setLog] = useState<LogEntry[]>([]);
  const [answeredBy, setAnsweredBy] = useState<string | null>(null);

  function append(direction: LogEntry["direction"], line: string) {
    counter.current += 1;
    const entry = { n: counter.current, direction, text: line };
    setLog((entries) => [...entries.slice(-199), entry]);
  }

  useEffect(() => () => socketRef.current?.close(), []);

  function connect() {
    if (socketRef.current) return;
    const url = inferenceWebSocketUrl(service.id);
    const socket = new WebSocket(url);
    socketRef.current = socket;
    setStatus("connecting");
    append("info", `Connecting to ${url}`);
    socket.onopen = () => {
      setStatus("open");
      append("info", "Connected");
    };
    socket.onmessage = (event: MessageEvent) => {
      append("received", describe(event.data));
      if (typeof event.data === "string") {
        try {
          const message = JSON.parse(event.data) as { type?: string; version?: unknown };
          if (message.type === "done" && message.version !== undefined) setAnsweredBy(String(message.version));
        } catch {
          // not JSON: already shown as text
        }
      }
    };
    socket.onerror = () => append("info", "Connection error (is the service Running?)");
    socket.onclose = (event: CloseEvent) => {
      append("info", `Closed (${event.code}${event.reason ? `: ${event.reason}` : ""})`);
      if (socketRef.current === socket) socketRef.current = null;
      setStatus("closed");
    };
  }

  function disconnect() {
    socketRef.current?.close(1000, "closed from the console");
  }

  function startFrom(configurationId: string) {
    setConfigurationId(configurationId);
    const chosen = service.configurations.find((c) => c.id === configurationId);
    setMessage(exampleRequestText(chosen?.exampleRequest ?? null));
    setError(null);
  }

  function send(event: FormEvent) {
    event.preventDefault();
    const socket = socketRef.current;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const problem = jsonError(message);
    setError(problem);
    if (problem) return;
    // One line on the wire: model servers may read a message per frame, never across lines.
    const payload = JSON.stringify(JSON.parse(message));
    socket.send(payload);
    append("sent", payload);
  }

  return (
    <div className="sd-websocket">
      <p>
        Status: <strong role="status">{status === "open" ? "Connected" : status === "connecting" ? "Connecting…" : "Disconnected"}</strong>
        {answeredBy ? <> · last answer from version <strong>{answeredBy}</strong></> : null}
      </p>
      <div className="sd-action-buttons">
        <button type="button" className="btn btn-primary" onClick={connect} disabled={status !== "closed"}>
          Connect
        </button>
        <button type="button" className="btn btn-secondary" onClick={disconnect} disabled={status === "closed"}>
          Disconnect
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => setLog([])} disabled={log.length === 0}>
          Clear
        </button>
      </div>
      <form onSubmit={send} noValidate className="sd-prediction">
        <ExampleVersionSelect service={service} value={configuration} onChange={startFrom} />
        <label htmlFor={inputId}>Message (JSON)</label>
        <textarea
          id={inputId}
          value={message}
          rows={4}
          spellCheck={false}
          onChange={(event) => {
            setMessage(event.target.value);
            if (error) setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${errorId}-hint ${errorId}`}
        />
        <p id={`${errorId}-hint`} className="sd-muted">
          {exampleOrigin(configuration)} Connect first; Ctrl+Enter sends.
        </p>
        <p id={errorId} className="sd-field-error" role="alert">
          {error ?? ""}
        </p>
        <button type="submit" className="btn btn-primary" disabled={status !== "open"}>
          Send
        </button>
      </form>
      <div className="sd-ws-log" role="log" aria-label="WebSocket messages" tabIndex={0}>
        <ol>
          {log.map((entry) => (
            <li key={entry.n} data-direction={entry.direction}>
              <span className="sd-muted">{entry.direction === "sent" ? "→" : entry.direction === "received" ? "←" : "·"}</span>{" "}
              {entry.text}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
