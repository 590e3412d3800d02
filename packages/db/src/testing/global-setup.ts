// Vitest global setup: one real PostgreSQL for the whole run, with a migrated and seeded template
// database that each test file clones (CREATE DATABASE ... TEMPLATE), so files never share state.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { pino } from "pino";
import { createPrismaClient } from "../client.ts";
import { startEmbeddedPostgres } from "../embedded-postgres.ts";
import { applyMigrations } from "../schema-engine.ts";
import { seedDemoData } from "../seed.ts";
import { TEMPLATE_DATABASE } from "./test-database.ts";

interface ProvideContext {
  provide(key: string, value: unknown): void;
}

interface SharedServer {
  adminUrl: string;
  users: number;
  stop(): Promise<void>;
}

// Several Vitest projects list this setup; they share one server and one template, so the
// template is built once (and never by two setups at the same time).
const registry = globalThis as unknown as { rtsTestPostgres?: Promise<SharedServer> };

async function startShared(): Promise<SharedServer> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "warn" });
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "rts-test-pg-"));
    const postgres = await startEmbeddedPostgres({ dataDir, logger, persistent: false });
    adminUrl = postgres.adminUrl;
    stop = async () => {
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();

  const templateUrl = withDatabase(adminUrl, TEMPLATE_DATABASE);
  await applyMigrations(templateUrl);
  const prisma = createPrismaClient(templateUrl, 2);
  await seedDemoData(prisma);
  await prisma.$disconnect();
  // The migration engine's pool may keep idle connections open; a template must have none.
  const closer = new pg.Client({ connectionString: adminUrl });
  await closer.connect();
  await closer.query(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    [TEMPLATE_DATABASE],
  );
  await closer.end();
  return { adminUrl, users: 0, stop };
}

export default async function setup(project: ProvideContext) {
  registry.rtsTestPostgres ??= startShared();
  const shared = await registry.rtsTestPostgres;
  shared.users += 1;
  project.provide("testDatabaseAdminUrl", shared.adminUrl);
  return async () => {
    shared.users -= 1;
    if (shared.users === 0) {
      registry.rtsTestPostgres = undefined;
      await shared.stop();
    }
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
