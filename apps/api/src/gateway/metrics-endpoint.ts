// Prometheus text names every service id and its traffic, so it is not for anonymous readers of the
// public port. A scraper reads it on a loopback-only port (METRICS_PORT), or on the public port
// with the scrape token (METRICS_TOKEN) as a bearer token; without a token, the public port has no
// /metrics at all.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fp from "fastify-plugin";
import type { FastifyBaseLogger } from "fastify";
import type { Registry } from "prom-client";
import { unauthorizedProblem } from "@rts/contracts";
import { sendProblem } from "../plugins/errors.ts";

const METRICS_HOST = "127.0.0.1";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
export function isScrapeToken(authorization: string | undefined, token: string): boolean {
  if (!authorization?.startsWith("Bearer ")) return false;
  return timingSafeEqual(digest(authorization.slice(7).trim()), digest(token));
}

export const publicMetricsPlugin = fp<{ token: string | undefined }>(async (app, options) => {
  const { token } = options;
  if (!token) return;
  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    if (!isScrapeToken(request.headers.authorization, token)) {
      reply.header("www-authenticate", 'Bearer realm="metrics"');
      return sendProblem(reply, unauthorizedProblem("Send the scrape token (METRICS_TOKEN) as 'Authorization: Bearer <token>'."), request);
    }
    const registry = app.gateway.prometheus.registry;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
});

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** Serves GET /metrics on 127.0.0.1 only; other paths and methods get 404. */
export async function startMetricsServer(registry: Registry, port: number, log: FastifyBaseLogger): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Only GET /metrics is served here.\n");
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": registry.contentType }).end(text),
      (error: unknown) => {
        log.error({ err: error }, "collecting metrics failed");
        response.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("Collecting metrics failed; see the API log.\n");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, METRICS_HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
