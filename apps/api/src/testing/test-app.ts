// Builds the real app on a private copy of the seeded test database (real PostgreSQL, real
// pg-boss queue). Each test file calls this once in beforeAll and `close` in afterAll.
import type { InjectOptions } from "fastify";
import { inject } from "vitest";
import { pino } from "pino";
import type { DeployServiceRequest } from "@rts/contracts";
import { createTestDatabase, type TestDatabase } from "@rts/db/testing";
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildApp, type App, type AppDependencies } from "../app.ts";
import { LocalArtifactStore, type ArtifactStore } from "../modules/model-artifacts/index.ts";
import { EnvVarCipher } from "../modules/secrets/env-encryption.ts";
import { startJobQueue, type JobQueue } from "../jobs/job-queue.ts";

export interface TestApp {
  /** The app; its `inject` adds the console's Origin to requests that carry a cookie and no Origin. */
  app: App;
  /** `inject` that sends exactly the headers given, as a program or another site would. */
  injectAsSent: App["inject"];
  /** The key the app seals environment variable values with; a worker under test needs the same. */
  envEncryptionKey: Buffer;
  db: TestDatabase;
  jobs: JobQueue;
  /** This app's data folder (uploads, built versions); removed by `close`. */
  dataDir: string;
  artifactStore: ArtifactStore;
  close(): Promise<void>;
}

/** What a browser on the console sends as Origin: inject's default Host is localhost (port 80). */
export const CONSOLE_ORIGIN = "http://localhost";
export const TEST_METRICS_TOKEN = "test-scrape-token-0123456789";

type AppOptions = Pick<
  AppDependencies,
  "trustedProxies" | "allowedOrigins" | "metricsToken" | "consoleDir" | "credentialSweepMs" | "logger" | "runtimeCapacity" | "modelUploadMaxBytes"
>;

export async function createTestApp(options: { poolSize?: number } & AppOptions = {}): Promise<TestApp> {
  const { poolSize, ...appOptions } = options;
  const db = await createTestDatabase(inject("testDatabaseAdminUrl"), poolSize ?? 10);
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const jobs = await startJobQueue(db.url, logger);
  const envEncryptionKey = randomBytes(32);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "rts-test-data-"));
  await chmod(dataDir, 0o711);
  const artifactStore = new LocalArtifactStore(path.join(dataDir, "artifacts"));
  const app = await buildApp({
    prisma: db.prisma,
    jobs,
    cookieSecure: false,
    databaseUrl: db.url,
    metricsToken: TEST_METRICS_TOKEN,
    envVarCipher: new EnvVarCipher(envEncryptionKey),
    artifactStore,
    ...appOptions,
  });
  await app.ready();
  const injectAsSent = withConsoleOrigin(app);
  return {
    app,
    injectAsSent,
    envEncryptionKey,
    db,
    jobs,
    dataDir,
    artifactStore,
    async close() {
      await app.close();
      await jobs.stop();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Browsers send Origin on every state-changing fetch of the console, and the API refuses cookie
 * requests without it; inject sends none. So that tests read like the console's calls, requests
 * with a cookie get the console's Origin unless they set one. Answers the unwrapped inject.
 */
function withConsoleOrigin(app: App): App["inject"] {
  const injectAsSent = app.inject.bind(app) as App["inject"];
  const call = injectAsSent as (options?: string | InjectOptions, callback?: unknown) => unknown;
  app.inject = ((options?: string | InjectOptions, callback?: unknown) => {
    if (options && typeof options === "object") {
      const headers = options.headers ?? {};
      const names = Object.keys(headers).map((name) => name.toLowerCase());
      if (names.includes("cookie") && !names.includes("origin")) options = { ...options, headers: { ...headers, origin: CONSOLE_ORIGIN } };
    }
    return call(options, callback);
  }) as App["inject"];
  return injectAsSent;
}

/** Reads Prometheus text the way a configured scraper does on the public port. */
export function scrapeMetrics(app: App) {
  return app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
}

export const DEMO_PASSWORDS = { alice: "alice-demo-pass", bob: "bob-demo-pass" } as const;

/** Creates an API token as the signed-in user (`cookie`); returns its id and its secret. */
export async function createApiToken(app: App, cookie: string, name = `test-${randomBytes(4).toString("hex")}`): Promise<{ id: string; token: string }> {
  const response = await app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie }, payload: { name } });
  if (response.statusCode !== 201) throw new Error(`token create failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** Listens on a free loopback port, for tests that need real connections; returns the base URL. */
export async function listenOnLoopback(app: App): Promise<string> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

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
    autoStop: null,
    ...overrides,
  };
}

/** The columns an instance row copies from the configuration it runs, for tests that play the worker. */
export function instanceOf(configuration: { id: string; versionId: string; specId: string; flavorId: string }) {
  return {
    configurationId: configuration.id,
    versionId: configuration.versionId,
    specId: configuration.specId,
    flavorId: configuration.flavorId,
  };
}
