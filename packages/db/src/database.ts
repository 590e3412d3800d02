import path from "node:path";
import type { Logger } from "pino";
import { createPrismaClient, type PrismaClient } from "./client.ts";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./embedded-postgres.ts";
import { repoRoot } from "./paths.ts";
import { applyMigrations } from "./schema-engine.ts";

export interface DatabaseOptions {
  /** When set, use this PostgreSQL; otherwise start an embedded one under `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  logger: Logger;
  poolSize?: number;
}

export interface Database {
  url: string;
  prisma: PrismaClient;
  embedded: boolean;
  close(): Promise<void>;
}

export const EMBEDDED_DATABASE_NAME = "rts";

export function defaultDataDir(): string {
  return path.join(repoRoot, ".data");
}

/** Connects (starting an embedded server if needed) and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const { logger } = options;
  let embedded: EmbeddedPostgresHandle | undefined;
  let url = options.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(options.dataDir ?? defaultDataDir()),
      logger,
    });
    await embedded.createDatabase(EMBEDDED_DATABASE_NAME);
    url = embedded.databaseUrl(EMBEDDED_DATABASE_NAME);
  }
  try {
    const applied = await applyMigrations(url);
    logger.info({ applied }, applied.length ? "migrations applied" : "database schema is up to date");
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const prisma = createPrismaClient(url, options.poolSize);
  return {
    url,
    prisma,
    embedded: Boolean(embedded),
    async close() {
      await prisma.$disconnect();
      await embedded?.stop();
    },
  };
}
