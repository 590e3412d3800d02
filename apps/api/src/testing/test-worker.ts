// A real deploy worker for an API test: local processes, the test app's database, job queue and
// env-var cipher, a resync far apart enough that the tests see the events drive it, and quiet
// logs. Tests override only what they measure.
import { pino } from "pino";
import { LocalProcessDriver } from "../runtime/local-process-driver.ts";
import { DeployWorker, type DeployWorkerOptions } from "../worker/deploy-worker.ts";
import type { TestApp } from "./test-app.ts";

export async function startTestWorker(t: TestApp, overrides: Partial<DeployWorkerOptions> = {}): Promise<DeployWorker> {
  const worker = new DeployWorker({
    prisma: t.db.prisma,
    databaseUrl: t.db.url,
    jobs: t.jobs,
    driver: new LocalProcessDriver(),
    logger: pino({ level: "silent" }),
    envVarCipher: t.app.envVarCipher,
    resyncIntervalMs: 10_000,
    versionBuilds: { dataDir: t.dataDir, artifacts: t.artifactStore, sweepIntervalMs: 1_000 },
    ...overrides,
  });
  await worker.start();
  return worker;
}
