// Builds the Fastify application without listening, so tests drive it with `inject` and the
// server and benchmarks share one definition.
import Fastify, { type FastifyBaseLogger } from "fastify";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { PrismaClient } from "@rts/db";
import type { JobQueue } from "./jobs/job-queue.ts";
import { authPlugin } from "./plugins/auth.ts";
import { errorsPlugin } from "./plugins/errors.ts";
import { openApiPlugin } from "./plugins/openapi.ts";
import { apiV1Routes } from "./routes/api/v1/index.ts";

declare module "fastify" {
  interface FastifyInstance {
    prisma: PrismaClient;
    jobs: JobQueue;
    cookieSecure: boolean | "auto";
  }
}

export interface AppDependencies {
  prisma: PrismaClient;
  jobs: JobQueue;
  logger?: FastifyBaseLogger;
  cookieSecure?: boolean | "auto";
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
  app.decorate("cookieSecure", { getter: () => deps.cookieSecure ?? "auto" });

  await app.register(rateLimit, { global: false });
  await app.register(cookie);
  await app.register(errorsPlugin);
  await app.register(authPlugin);
  await app.register(openApiPlugin);
  await app.register(apiV1Routes, { prefix: "/api/v1" });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
