// The model-server contract's readiness check (sample-apps/README.md): GET of the version's health
// path ("/health" by default, "/v2/health/ready" for OIP servers) answers 200. Every driver reaches
// its instances over HTTP, so they share this check and its wording.
import type { HealthResult } from "./runtime-driver.ts";

export const HEALTH_TIMEOUT_MS = 1_000;
export const DEFAULT_HEALTH_PATH = "/health";

export async function checkHttpHealth(instance: { host: string; port: number; healthPath?: string }): Promise<HealthResult> {
  const path = instance.healthPath ?? DEFAULT_HEALTH_PATH;
  try {
    const response = await fetch(`http://${instance.host}:${instance.port}${path}`, {
      signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return { healthy: response.ok, detail: `GET ${path} answered ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const unreachable = cause === "ECONNREFUSED" || cause === "EHOSTUNREACH";
    const detail =
      cause === "ECONNREFUSED"
        ? `GET ${path}: connection refused (nothing listening on the port yet)`
        : (error as Error).name === "TimeoutError"
          ? `GET ${path}: no answer within ${HEALTH_TIMEOUT_MS} ms`
          : `GET ${path} failed: ${cause ?? (error as Error).message}`;
    return { healthy: false, detail, unreachable };
  }
}
