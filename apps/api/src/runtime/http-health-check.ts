// The model-server contract's readiness check (sample-apps/README.md): GET of the version's health
// path ("/health" by default, "/v2/health/ready" for OIP servers) answers 2xx. Every driver reaches
// its instances over HTTP, so they share this check and its wording. The worker checks every
// instance every few seconds, which is most of what an idle worker does, so checks go over one
// kept-alive connection per instance (undici) rather than fetch, which cost four times the CPU.
import { Agent, errors } from "undici";
import type { HealthResult } from "./runtime-driver.ts";

export const HEALTH_TIMEOUT_MS = 1_000;
export const DEFAULT_HEALTH_PATH = "/health";

// An instance's connection is closed after this long without a check; healthy ones are checked more often.
const KEEP_ALIVE_MS = 10_000;

const agent = new Agent({
  connections: 1,
  keepAliveTimeout: KEEP_ALIVE_MS,
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

async function check(origin: string, path: string): Promise<HealthResult> {
  const response = await agent.request({ origin, path, method: "GET" });
  await response.body.dump();
  return { healthy: response.statusCode >= 200 && response.statusCode < 300, detail: `GET ${path} answered ${response.statusCode}` };
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
