// Builds the Fastify application without listening, so tests drive it with `inject` and the
// server and benchmarks share one definition.
import Fastify, { type FastifyBaseLogger } from "fastify";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import websocket from "@fastify/websocket";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { PrismaClient } from "@rts/db";
import { gatewayPlugin, websocketOptions } from "./gateway/gateway-plugin.ts";
import type { SampleLimits } from "./gateway/sample-recorder.ts";
import type { JobQueue } from "./jobs/job-queue.ts";
import type { EnvVarCipher } from "./modules/secrets/env-encryption.ts";
import { authPlugin } from "./plugins/auth.ts";
import { consolePlugin } from "./plugins/console.ts";
import { errorsPlugin } from "./plugins/errors.ts";
import { openApiPlugin } from "./plugins/openapi.ts";
import { BurstSafeLocalStore } from "./plugins/rate-limit-store.ts";
import { apiV1Routes } from "./routes/api/v1/index.ts";

declare module "fastify" {
  interface FastifyInstance {
    prisma: PrismaClient;
    jobs: JobQueue;
    cookieSecure: boolean | "auto";
    envVarCipher: EnvVarCipher;
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
  /** The database URL, for the gateway's LISTEN connection (live service states); without it, no SSE. */
  databaseUrl?: string;
}

export async function buildApp(deps: AppDependencies) {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    // Bodies are small JSON documents; a cap keeps a hostile caller from buffering megabytes.
    bodyLimit: 256 * 1024,
    // Forwarded headers are believed only from a proxy on this machine.
    trustProxy: "loopback",
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("prisma", deps.prisma);
  app.decorate("jobs", deps.jobs);
  app.decorate("envVarCipher", deps.envVarCipher);
  app.decorate("cookieSecure", { getter: () => deps.cookieSecure ?? "auto" });

  await app.register(rateLimit, { global: false, store: BurstSafeLocalStore });
  await app.register(cookie);
  await app.register(errorsPlugin);
  await app.register(authPlugin);
  // Before every route, so upgrades to routes without a WebSocket handler are closed.
  await app.register(websocket, { options: websocketOptions });
  await app.register(openApiPlugin);
  // The inference gateway at the root: POST /v1/infers/:serviceId (+ WebSocket), GET /metrics.
  await app.register(gatewayPlugin, { databaseUrl: deps.databaseUrl, sampleLimits: deps.sampleLimits });
  await app.register(apiV1Routes, { prefix: "/api/v1" });
  await app.register(consolePlugin);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
