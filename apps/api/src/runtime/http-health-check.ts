// The model-server contract's readiness check (sample-apps/README.md): GET /health answers 200.
// Every driver reaches its instances over HTTP, so they share this check and its wording.
import type { HealthResult } from "./runtime-driver.ts";

export const HEALTH_TIMEOUT_MS = 1_000;

export async function checkHttpHealth(instance: { host: string; port: number }): Promise<HealthResult> {
  try {
    const response = await fetch(`http://${instance.host}:${instance.port}/health`, {
      signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return { healthy: response.ok, detail: `GET /health answered ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const unreachable = cause === "ECONNREFUSED" || cause === "EHOSTUNREACH";
    const detail =
      cause === "ECONNREFUSED"
        ? "GET /health: connection refused (nothing listening on the port yet)"
        : (error as Error).name === "TimeoutError"
          ? `GET /health: no answer within ${HEALTH_TIMEOUT_MS} ms`
          : `GET /health failed: ${cause ?? (error as Error).message}`;
    return { healthy: false, detail, unreachable };
  }
}
