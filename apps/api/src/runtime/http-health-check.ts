// The model-server contract's readiness check (sample-apps/README.md): GET of the version's health
// path ("/health" by default, "/v2/health/ready" for OIP servers) answers 2xx. Every driver reaches
// its instances over HTTP, so they share this check and its wording. The worker checks every
// instance every few seconds, which is most of what an idle worker does, so a check is one
// request on a kept-alive connection per instance, dispatched to undici with a handler that only
// reads the status: no response stream, no promise per chunk (half the CPU of `request`).
import { Agent, errors, type Dispatcher } from "undici";
import type { HealthResult } from "./runtime-driver.ts";

export const HEALTH_TIMEOUT_MS = 1_000;
export const DEFAULT_HEALTH_PATH = "/health";
/** A health answer's body is read (so the connection is kept) up to this size, then it is closed. */
const HEALTH_BODY_LIMIT_BYTES = 64 * 1024;

// An instance's connection is closed after this long without a check; healthy ones are checked more often.
const KEEP_ALIVE_MS = 10_000;
// A server's "Keep-Alive: timeout=5" hint (Node's and uvicorn's default) less undici's default
// 2 s margin is 3 s, under the healthy period (4 s): every check opened a new connection, which
// cost three times a check on a kept one. The next check leaves at most the period after the last
// answer, so a margin of 0.5 s keeps the connection and still leaves the server's close 1 s away.
const KEEP_ALIVE_MARGIN_MS = 500;

const agent = new Agent({
  connections: 1,
  keepAliveTimeout: KEEP_ALIVE_MS,
  keepAliveTimeoutThreshold: KEEP_ALIVE_MARGIN_MS,
  connect: { timeout: HEALTH_TIMEOUT_MS },
  headersTimeout: HEALTH_TIMEOUT_MS,
  bodyTimeout: HEALTH_TIMEOUT_MS,
});

export async function checkHttpHealth(instance: { host: string; port: number; healthPath?: string }): Promise<HealthResult> {
  const path = instance.healthPath ?? DEFAULT_HEALTH_PATH;
  const origin = `http://${instance.host}:${instance.port}`;
  try {
    return await check(origin, path);
  } catch (error) {
    // The server closed the kept connection just as this check went out on it: ask once more.
    if (error instanceof errors.SocketError) {
      try {
        return await check(origin, path);
      } catch (again) {
        return failure(again, path);
      }
    }
    return failure(error, path);
  }
}

/**
 * Answers with the status once the whole answer is read. A body that is too long, or still coming
 * a timeout after the status (a server that drips it), closes the connection; the status stands.
 */
function check(origin: string, path: string): Promise<HealthResult> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let bodyBytes = 0;
    let answeredAt = 0;
    const answer = (): HealthResult => ({ healthy: status >= 200 && status < 300, detail: `GET ${path} answered ${status}` });
    const handler: Dispatcher.DispatchHandler = {
      // Its presence tells undici this handler speaks its current interface.
      onRequestStart() {},
      onResponseStart(_controller, statusCode) {
        status = statusCode;
        answeredAt = Date.now();
      },
      onResponseData(controller, chunk) {
        bodyBytes += chunk.length;
        if (bodyBytes > HEALTH_BODY_LIMIT_BYTES || Date.now() - answeredAt > HEALTH_TIMEOUT_MS) controller.abort(new BodyCutShort());
      },
      onResponseEnd() {
        resolve(answer());
      },
      onResponseError(_controller, error) {
        if (status !== 0 && (error instanceof BodyCutShort || error instanceof errors.BodyTimeoutError)) resolve(answer());
        else reject(error);
      },
    };
    agent.dispatch({ origin, path, method: "GET" }, handler);
  });
}

class BodyCutShort extends Error {
  constructor() {
    super("the health answer's body was cut short");
  }
}

function failure(error: unknown, path: string): HealthResult {
  const code = (error as { code?: string }).code;
  const unreachable = code === "ECONNREFUSED" || code === "EHOSTUNREACH";
  const timedOut = error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || error instanceof errors.ConnectTimeoutError;
  const detail =
    code === "ECONNREFUSED"
      ? `GET ${path}: connection refused (nothing listening on the port yet)`
      : timedOut
        ? `GET ${path}: no answer within ${HEALTH_TIMEOUT_MS} ms`
        : error instanceof errors.SocketError
          ? `GET ${path} failed: the connection closed without an answer`
          : `GET ${path} failed: ${code ?? (error as Error).message}`;
  return { healthy: false, detail, unreachable };
}
