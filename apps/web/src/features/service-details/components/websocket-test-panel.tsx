import type { ServiceDetail } from "@rts/contracts";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { inferenceWebSocketUrl } from "../../../api/services/gateway-calls.ts";

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

/** A live WebSocket to the service (session cookie auth): connect, send text, watch the stream. */
export function WebSocketTestPanel({ service }: { service: ServiceDetail }) {
  const inputId = useId();
  const socketRef = useRef<WebSocket | null>(null);
  const counter = useRef(0);
  const [status, setStatus] = useState<Status>("closed");
  const [text, setText] = useState("My invoice is wrong");
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
    const payload = JSON.stringify({ text });
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
      <form onSubmit={send} className="sd-inline-form">
        <label htmlFor={inputId}>Text</label>
        <input id={inputId} value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit" className="btn btn-primary" disabled={status !== "open"}>
          Send
        </button>
      </form>
      <ol className="sd-ws-log" role="log" aria-label="WebSocket messages">
        {log.map((entry) => (
          <li key={entry.n} data-direction={entry.direction}>
            <span className="sd-muted">{entry.direction === "sent" ? "→" : entry.direction === "received" ? "←" : "·"}</span>{" "}
            {entry.text}
          </li>
        ))}
      </ol>
    </div>
  );
}
