// Builds the real app on a private copy of the seeded test database (real PostgreSQL, real
// pg-boss queue). Each test file calls this once in beforeAll and `close` in afterAll.
import { inject } from "vitest";
import { pino } from "pino";
import type { DeployServiceRequest } from "@rts/contracts";
import { createTestDatabase, type TestDatabase } from "@rts/db/testing";
import { randomBytes } from "node:crypto";
import { buildApp, type App } from "../app.ts";
import { EnvVarCipher } from "../modules/secrets/env-encryption.ts";
import { startJobQueue, type JobQueue } from "../jobs/job-queue.ts";

export interface TestApp {
  app: App;
  /** The key the app seals environment variable values with; a worker under test needs the same. */
  envEncryptionKey: Buffer;
  db: TestDatabase;
  jobs: JobQueue;
  close(): Promise<void>;
}

export async function createTestApp(options: { poolSize?: number } = {}): Promise<TestApp> {
  const db = await createTestDatabase(inject("testDatabaseAdminUrl"), options.poolSize ?? 10);
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const jobs = await startJobQueue(db.url, logger);
  const envEncryptionKey = randomBytes(32);
  const app = await buildApp({ prisma: db.prisma, jobs, cookieSecure: false, databaseUrl: db.url, envVarCipher: new EnvVarCipher(envEncryptionKey) });
  await app.ready();
  return {
    app,
    envEncryptionKey,
    db,
    jobs,
    async close() {
      await app.close();
      await jobs.stop();
      await db.drop();
    },
  };
}

export const DEMO_PASSWORDS = { alice: "alice-demo-pass", bob: "bob-demo-pass" } as const;

/** Signs in a demo user and returns the Cookie header value for later requests. */
export async function login(app: App, username: keyof typeof DEMO_PASSWORDS): Promise<string> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password: DEMO_PASSWORDS[username] },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === "rts_session");
  if (!cookie) throw new Error("login set no session cookie");
  return `rts_session=${cookie.value}`;
}

export interface DemoCatalogue {
  userId: string;
  versions: Record<string, string>;
  pools: Record<string, string>;
}

/** Ids of the seeded versions ("text-classifier@1.0.0") and pools ("pool-new-east", "public") of a user. */
export async function demoCatalogue(db: TestDatabase, username: string): Promise<DemoCatalogue> {
  const user = await db.prisma.user.findUniqueOrThrow({ where: { username } });
  const versions = await db.prisma.aiApplicationVersion.findMany({
    where: { application: { ownerId: user.id } },
    include: { application: true },
  });
  const pools = await db.prisma.resourcePool.findMany({ where: { OR: [{ ownerId: user.id }, { type: "PUBLIC" }] } });
  return {
    userId: user.id,
    versions: Object.fromEntries(versions.map((v) => [`${v.application.name}@${v.version}`, v.id])),
    pools: Object.fromEntries(pools.map((p) => [p.type === "PUBLIC" ? "public" : p.name, p.id])),
  };
}

/** A deploy body that every rule accepts for the seeded user, with overrides. */
export function deployBody(catalogue: DemoCatalogue, overrides: Partial<DeployServiceRequest> = {}): DeployServiceRequest {
  return {
    name: `svc-${Math.random().toString(36).slice(2, 10)}`,
    description: "",
    resourcePool: { type: "public" },
    multiPoolLoadBalancing: false,
    configurations: [
      {
        versionId: catalogue.versions["text-classifier@1.0.0"]!,
        trafficRatio: 100,
        flavorId: "cpu.2u8g",
        computeNodes: 1,
        envVars: [],
      },
    ],
    timeoutMinutes: 20,
    websocket: false,
    dataCollection: { enabled: false },
    trafficLimit: null,
    ...overrides,
  };
}
