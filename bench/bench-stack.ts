// Starts the whole product for a benchmark run: a throwaway embedded PostgreSQL in a temp folder,
// migrations, demo data, the pg-boss job queue and the real Fastify app listening on loopback.
// `createDatabase` adds further databases to the same cluster (the live run's API process uses one).
// `close` undoes every step that succeeded, in reverse order, and never throws.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { buildApp, EnvVarCipher } from "@rts/api";
import { applyMigrations, createPrismaClient, seedDemoData, startEmbeddedPostgres, type PrismaClient } from "@rts/db";
import { startJobQueue } from "../apps/api/src/jobs/job-queue.ts";
import { LocalArtifactStore } from "../apps/api/src/modules/model-artifacts/index.ts";

type Logger = Parameters<typeof startEmbeddedPostgres>[0]["logger"];

/** A silent pino-shaped logger (the bench package does not depend on pino); errors go to stderr. */
function quietLogger(): Logger {
  const noop = () => {};
  const logger = {
    level: "error",
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: (obj: unknown, msg?: string) => console.error("[bench]", msg ?? "", obj),
    fatal: (obj: unknown, msg?: string) => console.error("[bench]", msg ?? "", obj),
    child: () => logger,
  };
  return logger as unknown as Logger;
}

export interface BenchStack {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  prisma: PrismaClient;
  /** Creates another empty database in the same PostgreSQL cluster, migrated; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** The postmaster's pid (its children are the server's backends), for CPU accounting. */
  postgresPid(): Promise<number | null>;
  close(): Promise<void>;
}

export async function startBenchStack(options: { poolSize?: number } = {}): Promise<BenchStack> {
  const logger = quietLogger();
  const cleanups: Array<{ name: string; run: () => Promise<void> }> = [];
  const close = async () => {
    for (const step of cleanups.splice(0).reverse()) {
      await step.run().catch((error: unknown) => console.error(`[bench] cleanup "${step.name}" failed:`, error));
    }
  };

  try {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "rts-bench-pg-"));
    cleanups.push({ name: "remove temp folder", run: () => rm(dataDir, { recursive: true, force: true }) });

    const postgres = await startEmbeddedPostgres({ dataDir, logger, persistent: false });
    cleanups.push({ name: "stop PostgreSQL", run: () => postgres.stop() });
    await postgres.createDatabase("bench");
    const url = postgres.databaseUrl("bench");
    await applyMigrations(url);

    const prisma = createPrismaClient(url, options.poolSize ?? 10);
    cleanups.push({ name: "disconnect Prisma", run: () => prisma.$disconnect() });
    await seedDemoData(prisma);

    const jobs = await startJobQueue(url, logger);
    cleanups.push({ name: "stop job queue", run: () => jobs.stop() });

    // No worker runs here, so no one else needs this key.
    const app = await buildApp({
      prisma,
      jobs,
      cookieSecure: false,
      envVarCipher: new EnvVarCipher(randomBytes(32)),
      artifactStore: new LocalArtifactStore(path.join(dataDir, "artifacts")),
    });
    cleanups.push({ name: "close app", run: () => app.close() });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;

    const createDatabase = async (name: string) => {
      await postgres.createDatabase(name);
      const databaseUrl = postgres.databaseUrl(name);
      await applyMigrations(databaseUrl);
      return databaseUrl;
    };
    const postgresPid = async () => {
      const text = await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").catch(() => "");
      const pid = Number.parseInt(text.split("\n")[0] ?? "", 10);
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    };

    return { baseUrl: `http://127.0.0.1:${port}`, prisma, createDatabase, postgresPid, close };
  } catch (error) {
    await close();
    throw error;
  }
}
