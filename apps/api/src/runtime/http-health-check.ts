// The model-server contract's readiness check (sample-apps/README.md): GET of the version's health
// path ("/health" by default, "/v2/health/ready" for OIP servers) answers 200. Every driver reaches
// its instances over HTTP, so they share this check and its wording. The worker checks every
// instance every few seconds: one kept-alive connection per instance makes a check one small
// request, at about a third of fetch's CPU (which opened a new connection each time).
import http from "node:http";
import type { HealthResult } from "./runtime-driver.ts";

export const HEALTH_TIMEOUT_MS = 1_000;
export const DEFAULT_HEALTH_PATH = "/health";

// Idle sockets close before a Node server's 5 s keep-alive ends (Node's agent reads its
// Keep-Alive header), so a check never writes to a socket the server is closing.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 });

export function checkHttpHealth(instance: { host: string; port: number; healthPath?: string }): Promise<HealthResult> {
  const path = instance.healthPath ?? DEFAULT_HEALTH_PATH;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: HealthResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = http.get({ host: instance.host, port: instance.port, path, agent }, (response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      response.on("end", () => settle({ healthy: status >= 200 && status < 300, detail: `GET ${path} answered ${status}` }));
      response.on("error", (error) => fail(error));
    });
    const timer = setTimeout(() => {
      settle({ healthy: false, detail: `GET ${path}: no answer within ${HEALTH_TIMEOUT_MS} ms` });
      request.destroy();
    }, HEALTH_TIMEOUT_MS);
    const fail = (error: Error) => {
      const code = (error as NodeJS.ErrnoException).code;
      const unreachable = code === "ECONNREFUSED" || code === "EHOSTUNREACH";
      const detail =
        code === "ECONNREFUSED"
          ? `GET ${path}: connection refused (nothing listening on the port yet)`
          : `GET ${path} failed: ${code ?? error.message}`;
      settle({ healthy: false, detail, unreachable });
    };
    request.on("error", fail);
  });
}
