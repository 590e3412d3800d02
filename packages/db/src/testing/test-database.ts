import { randomBytes } from "node:crypto";
import pg from "pg";
import { createPrismaClient, type PrismaClient } from "../client.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Set by global-setup.ts: the admin URL of the PostgreSQL server started for the test run. */
    testDatabaseAdminUrl: string;
  }
}

export const TEMPLATE_DATABASE = "rts_test_template";

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh copy of the migrated, seeded template database, private to the calling test file. */
export async function createTestDatabase(adminUrl: string, poolSize = 10): Promise<TestDatabase> {
  const name = `rts_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Cloning needs the template to have no open connections; a parallel clone briefly holds one.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
      break;
    } catch (error) {
      if (attempt >= 50 || !String(error).includes("being accessed by other users")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const prisma = createPrismaClient(url, poolSize);
  return {
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
