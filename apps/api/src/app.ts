// Builds the Fastify application without listening, so tests drive it with `inject` and the
// server and benchmarks share one definition.
import http from "node:http";
import Fastify, { type FastifyBaseLogger } from "fastify";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import websocket from "@fastify/websocket";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { PrismaClient } from "@rts/db";
import { MODEL_UPLOAD_LIMITS } from "@rts/contracts";
import { gatewayPlugin, websocketOptions } from "./gateway/gateway-plugin.ts";
import type { RawRequestHandler } from "./gateway/inference-fast-path.ts";
import type { SampleLimits } from "./gateway/sample-recorder.ts";
import type { JobQueue } from "./jobs/job-queue.ts";
import { publicMetricsPlugin } from "./gateway/metrics-endpoint.ts";
import type { ArtifactStore } from "./modules/model-artifacts/index.ts";
import type { EnvVarCipher } from "./modules/secrets/env-encryption.ts";
import { authPlugin } from "./plugins/auth.ts";
import { consolePlugin } from "./plugins/console.ts";
import { cookieOriginCheckPlugin } from "./plugins/cookie-origin-check.ts";
import { credentialConnectionsPlugin } from "./plugins/credential-connections.ts";
import { errorsPlugin } from "./plugins/errors.ts";
import { openApiPlugin } from "./plugins/openapi.ts";
import { securityHeadersPlugin } from "./plugins/security-headers.ts";
import { BurstSafeLocalStore } from "./plugins/rate-limit-store.ts";
import { apiV1Routes } from "./routes/api/v1/index.ts";
import type { RuntimeCapacity } from "./runtime/runtime-driver.ts";
import type { WorkerState } from "./worker/worker-supervisor.ts";

declare module "fastify" {
  interface FastifyInstance {
    prisma: PrismaClient;
    jobs: JobQueue;
    cookieSecure: boolean | "auto";
    /** What the runtime has (public pool capacity, GPUs); null when the API was built without one. */
    runtimeCapacity: RuntimeCapacity | null;
    /** The supervised worker's state, when this process supervises one (pnpm start). */
    workerState: (() => WorkerState) | undefined;
    envVarCipher: EnvVarCipher;
    /** Where uploaded model packages and files are kept. */
    artifactStore: ArtifactStore;
    /** The largest model upload accepted (MODEL_UPLOAD_LIMITS unless a test asks for less). */
    modelUploadMaxBytes: number;
  }
}

export { EnvVarCipher } from "./modules/secrets/env-encryption.ts";

export interface AppDependencies {
  prisma: PrismaClient;
  jobs: JobQueue;
  logger?: FastifyBaseLogger;
  cookieSecure?: boolean | "auto";
  /** Data collection's bounds; defaults in sample-recorder.ts. */
  sampleLimits?: Partial<SampleLimits>;
  /** Seals environment variable values before they are stored (R8). */
  envVarCipher: EnvVarCipher;
  /** Where uploaded model packages and files are kept (the worker's build reads them back). */
  artifactStore: ArtifactStore;
  /** The largest model upload accepted; MODEL_UPLOAD_LIMITS.maxUploadBytes by default. */
  modelUploadMaxBytes?: number;
  /** The database URL, for the gateway's LISTEN connection (live service states); without it, no SSE. */
  databaseUrl?: string;
  /** The runtime's capacity (probeRuntime): bounds public-pool deploys (R7) and grays GPU flavors (R6). */
  runtimeCapacity?: RuntimeCapacity | null;
  workerState?: () => WorkerState;
  /** Addresses or CIDRs of proxies whose X-Forwarded-* headers are believed; none by default. */
  trustedProxies?: readonly string[];
  /** Origins besides the request's own host that may send cookie-authenticated state changes. */
  allowedOrigins?: readonly string[];
  /** Scrape token for GET /metrics on this (public) port; without it, /metrics is not served here. */
  metricsToken?: string;
  /** The built console's folder (apps/web/dist by default). */
  consoleDir?: string;
  /** How often open streams' credentials are checked for revocation by other processes or expiry. */
  credentialSweepMs?: number;
}

export async function buildApp(deps: AppDependencies) {
  // Plain inference calls are answered before Fastify routes them (gateway/inference-fast-path.ts);
  // the gateway plugin installs the handler once it has its caches. `inject` skips the server, so
  // tests that need the fast path call over HTTP.
  let fastPath: RawRequestHandler | null = null;
  const app = Fastify({
    serverFactory: (fastify, options) => {
      const server = http.createServer((request, response) => {
        if (!fastPath?.(request, response)) fastify(request, response);
      });
      // What Fastify sets on the servers it creates itself (its defaults are filled in by now).
      const timeouts = options as { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number };
      server.keepAliveTimeout = timeouts.keepAliveTimeout ?? 72_000;
      server.requestTimeout = timeouts.requestTimeout ?? 0;
      server.setTimeout(timeouts.connectionTimeout ?? 0);
      return server;
    },
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    // Bodies are small JSON documents; a cap keeps a hostile caller from buffering megabytes.
    bodyLimit: 256 * 1024,
    // X-Forwarded-For is believed only from proxies that configuration names: otherwise any client
    // could choose the address that login throttling sees.
    trustProxy: deps.trustedProxies?.length ? [...deps.trustedProxies] : false,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("prisma", deps.prisma);
  app.decorate("jobs", deps.jobs);
  app.decorate("envVarCipher", deps.envVarCipher);
  app.decorate("artifactStore", deps.artifactStore);
  app.decorate("modelUploadMaxBytes", deps.modelUploadMaxBytes ?? MODEL_UPLOAD_LIMITS.maxUploadBytes);
  app.decorate("cookieSecure", { getter: () => deps.cookieSecure ?? "auto" });
  app.decorate("runtimeCapacity", deps.runtimeCapacity ?? null);
  app.decorate("workerState", deps.workerState);

  await app.register(securityHeadersPlugin);
  await app.register(rateLimit, { global: false, store: BurstSafeLocalStore });
  await app.register(cookie);
  await app.register(errorsPlugin);
  await app.register(cookieOriginCheckPlugin, { allowedOrigins: deps.allowedOrigins ?? [] });
  await app.register(authPlugin);
  await app.register(credentialConnectionsPlugin, { sweepMs: deps.credentialSweepMs });
  // Before every route, so upgrades to routes without a WebSocket handler are closed.
  await app.register(websocket, { options: websocketOptions });
  await app.register(openApiPlugin);
  // The inference gateway at the root: POST /v1/infers/:serviceId (+ WebSocket).
  await app.register(gatewayPlugin, {
    databaseUrl: deps.databaseUrl,
    sampleLimits: deps.sampleLimits,
    installFastPath: (handler) => {
      fastPath = handler;
    },
  });
  await app.register(publicMetricsPlugin, { token: deps.metricsToken });
  await app.register(apiV1Routes, { prefix: "/api/v1" });
  await app.register(consolePlugin, { root: deps.consoleDir });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
