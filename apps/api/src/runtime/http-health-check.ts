// The model-server contract's readiness check (sample-apps/README.md): GET of the version's health
// path ("/health" by default, "/v2/health/ready" for OIP servers) answers 2xx. Every driver reaches
// its instances over HTTP, so they share this check and its wording. The worker checks every
// instance every few seconds, which is most of what an idle worker does, so a check is one write
// and one read on a connection kept open per instance: about half the CPU of Node's HTTP client
// with a keep-alive agent, a quarter of fetch's (which opened a new connection every time).
import net from "node:net";
import type { HealthResult } from "./runtime-driver.ts";

export const HEALTH_TIMEOUT_MS = 1_000;
export const DEFAULT_HEALTH_PATH = "/health";

// One idle kept-alive connection per instance address; a check takes it, or opens one.
const idle = new Map<string, net.Socket>();

type Outcome = HealthResult | "closed-before-answer";

export async function checkHttpHealth(instance: { host: string; port: number; healthPath?: string }): Promise<HealthResult> {
  const path = instance.healthPath ?? DEFAULT_HEALTH_PATH;
  const key = `${instance.host}:${instance.port}`;
  const reused = idle.get(key);
  if (reused) idle.delete(key);
  const outcome = await exchange(key, instance.host, instance.port, path, reused);
  // The server closed the kept connection as this check began: ask again on a new one.
  if (outcome !== "closed-before-answer") return outcome;
  const retried = await exchange(key, instance.host, instance.port, path, undefined);
  return retried === "closed-before-answer" ? { healthy: false, detail: `GET ${path} failed: the connection closed without an answer` } : retried;
}

function open(key: string, host: string, port: number): net.Socket {
  const socket = net.connect({ host, port });
  socket.setNoDelay(true);
  socket.on("error", () => {});
  socket.on("close", () => {
    if (idle.get(key) === socket) idle.delete(key);
  });
  return socket;
}

function exchange(key: string, host: string, port: number, path: string, reused: net.Socket | undefined): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = reused ?? open(key, host, port);
    let text = "";
    let settled = false;
    const finish = (outcome: Outcome, keep: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("error", onError);
      socket.off("close", onClose);
      if (keep && !socket.destroyed && !idle.has(key)) idle.set(key, socket);
      else socket.destroy();
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1");
      const response = parse(text, path);
      if (response) finish(response.result, response.keepAlive);
    };
    const onError = (error: NodeJS.ErrnoException) => {
      if (reused && text === "") return finish("closed-before-answer", false);
      const unreachable = error.code === "ECONNREFUSED" || error.code === "EHOSTUNREACH";
      const detail = error.code === "ECONNREFUSED" ? `GET ${path}: connection refused (nothing listening on the port yet)` : `GET ${path} failed: ${error.code ?? error.message}`;
      finish({ healthy: false, detail, unreachable }, false);
    };
    const onClose = () => {
      if (reused && text === "") return finish("closed-before-answer", false);
      // A response without a length ends with its connection.
      const status = statusOf(text);
      if (status !== null && text.includes("\r\n\r\n")) return finish(resultOf(status, path), false);
      finish({ healthy: false, detail: `GET ${path} failed: the connection closed without an answer` }, false);
    };
    const timer = setTimeout(() => finish({ healthy: false, detail: `GET ${path}: no answer within ${HEALTH_TIMEOUT_MS} ms` }, false), HEALTH_TIMEOUT_MS);
    socket.on("data", onData);
    socket.on("error", onError);
    socket.on("close", onClose);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: */*\r\n\r\n`);
  });
}

function statusOf(text: string): number | null {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return match ? Number(match[1]) : null;
}

function resultOf(status: number, path: string): HealthResult {
  return { healthy: status >= 200 && status < 300, detail: `GET ${path} answered ${status}` };
}

/** The result once the whole response is in, and whether its connection may be used again. */
function parse(text: string, path: string): { result: HealthResult; keepAlive: boolean } | null {
  const headerEnd = text.indexOf("\r\n\r\n");
  if (headerEnd < 0) return null;
  const status = statusOf(text);
  if (status === null) return { result: { healthy: false, detail: `GET ${path} failed: not an HTTP answer` }, keepAlive: false };
  // An interim answer (100 Continue) is followed by the real one.
  if (status >= 100 && status < 200) return parse(text.slice(headerEnd + 4), path);
  const head = text.slice(0, headerEnd).toLowerCase();
  const body = text.slice(headerEnd + 4);
  const closes = /\r\nconnection:\s*close/.test(head);
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length) return body.length >= Number(length[1]) ? { result: resultOf(status, path), keepAlive: !closes } : null;
  if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) {
    const ended = /(?:^|\r\n)0\r\n(?:[^\r\n]+\r\n)*\r\n$/.test(body);
    return ended ? { result: resultOf(status, path), keepAlive: !closes } : null;
  }
  if (status === 204 || status === 304) return { result: resultOf(status, path), keepAlive: !closes };
  // No length: the body runs to the end of the connection (onClose answers).
  return null;
}
