import type { ServiceDetail } from "@rts/contracts";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { inferenceWebSocketUrl } from "../../../api/services/gateway-calls.ts";
import { ExampleRequestField, useExampleRequest } from "./example-request-field.tsx";

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
  const socketRef = useRef<WebSocket | null>(null);
  const counter = useRef(0);
  const [status, setStatus] = useState<Status>("closed");
  const request = useExampleRequest(service);
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

  function send(event: FormEvent) {
    event.preventDefault();
    const socket = socketRef.current;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const message = request.checked();
    if (message === null) return;
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
        <ExampleRequestField request={request} label="Message (JSON)" rows={4} hint="Connect first; Ctrl+Enter sends." />
        <button type="submit" className="btn btn-primary" disabled={status !== "open"}>
          Send
        </button>
      </form>
      {/* The live region wraps the list, so the messages stay a list; it scrolls, so it takes focus. */}
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
