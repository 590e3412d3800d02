// @ts-check
/**
 * WebSocket sentiment model server (lexicon-based), deployed as a container image with websocket=true.
 *   PORT=8103 node sample-apps/sentiment-stream/server.mjs --model-version 2.0.0
 * WebSocket on / or /predict: send {"text": "..."}; receive one {"type":"token","word","score"} per
 * word, then {"type":"done","version","label","score"}. Malformed messages get {"type":"error"}.
 * A plain HTTP POST /predict answers 426 Upgrade Required.
 */
import { WebSocketServer } from "ws";
import { sendJson, startModelServer } from "../model-server-kit.mjs";
import { analyze } from "./lexicon.mjs";

const WS_PATHS = new Set(["/", "/predict"]);
const MAX_MESSAGE_BYTES = 1024 * 1024;
const MAX_TEXT_CHARS = 10_000;

/**
 * Turns a raw WebSocket message into a text to analyze, or an error message.
 * @param {import("ws").RawData} data
 * @param {boolean} isBinary
 * @returns {{ text: string } | { error: string }}
 */
function parseMessage(data, isBinary) {
  if (isBinary) return { error: 'binary frames are not supported; send a JSON text message {"text": "..."}' };
  /** @type {unknown} */
  let parsed;
  try {
    parsed = JSON.parse(data.toString());
  } catch {
    return { error: 'message is not valid JSON; send {"text": "..."}' };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { error: 'message must be a JSON object {"text": "..."}' };
  }
  const text = /** @type {Record<string, unknown>} */ (parsed).text;
  if (typeof text !== "string") return { error: '"text" must be a string' };
  if (text.trim() === "") return { error: '"text" must not be empty' };
  if (text.length > MAX_TEXT_CHARS) return { error: `"text" may hold at most ${MAX_TEXT_CHARS} characters` };
  return { text };
}

/** Yields to the event loop so tokens go out as a stream rather than one burst. */
const nextTick = () => new Promise((resolve) => setImmediate(resolve));

startModelServer({
  appName: "sentiment-stream",
  load: () => null,
  onPredictWithoutHandler(_req, res, version) {
    sendJson(
      res,
      426,
      { error: "sentiment-stream is WebSocket-only: open a WebSocket on / or /predict and send {\"text\": \"...\"}", version },
      { Upgrade: "websocket", Connection: "Upgrade", "X-Model-Version": version },
    );
  },
  onServer(server, { version, isReady }) {
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
    wss.on("headers", (headers) => {
      headers.push(`X-Model-Version: ${version}`);
    });

    server.on("upgrade", (req, socket, head) => {
      const { pathname } = new URL(req.url || "/", "http://localhost");
      const reject = (/** @type {number} */ status, /** @type {string} */ reason) => {
        const body = JSON.stringify({ error: reason });
        socket.end(
          `HTTP/1.1 ${status} ${status === 404 ? "Not Found" : "Service Unavailable"}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      };
      if (!WS_PATHS.has(pathname)) return reject(404, `no WebSocket endpoint at ${pathname}; use / or /predict`);
      if (!isReady()) return reject(503, "model is not ready yet");
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
    });

    wss.on("connection", (ws) => {
      /** @type {Promise<void>} */
      let queue = Promise.resolve();
      /** @param {unknown} message */
      const send = (message) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      };
      ws.on("message", (data, isBinary) => {
        const parsed = parseMessage(data, isBinary);
        // Answers stay in request order even when a client pipelines several messages.
        queue = queue.then(async () => {
          if ("error" in parsed) {
            send({ type: "error", message: parsed.error });
            return;
          }
          const result = analyze(parsed.text, version);
          for (const { word, score } of result.words) {
            send({ type: "token", word, score });
            await nextTick();
          }
          send({ type: "done", version, label: result.label, score: result.score });
        });
      });
      ws.on("error", () => ws.terminate());
    });
  },
});
