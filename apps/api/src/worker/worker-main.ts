// Entry point of the worker process (`pnpm start` runs it beside the API). It needs the same
// DATABASE_URL as the API. Local-process model servers exit with it; containers live on and the
// next worker adopts them.
import { pino } from "pino";
import { createPrismaClient, defaultDataDir } from "@rts/db";
import { startJobQueue, type JobQueue } from "../jobs/job-queue.ts";
import type { RuntimeDriver } from "../runtime/runtime-driver.ts";
import { createRuntimeDriver, type RuntimeChoice } from "../runtime/select-runtime-driver.ts";
import { EnvVarCipher } from "../modules/secrets/env-encryption.ts";
import { readEnvEncryptionKey } from "../modules/secrets/env-encryption-key.ts";
import { readConfig } from "../config.ts";
import { selectArtifactStore } from "../modules/model-artifacts/index.ts";
import { DeployWorker } from "./deploy-worker.ts";

const logger = pino({ level: process.env.LOG_LEVEL || "info", base: { component: "worker" } });
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  logger.fatal("DATABASE_URL is required: the worker runs against the API's database");
  process.exit(2);
}

// The key the API sealed environment variable values with (R8); the worker opens them to start instances.
const envVarCipher = await readEnvEncryptionKey({ configuredKey: process.env.ENV_ENCRYPTION_KEY, keyFile: process.env.ENV_ENCRYPTION_KEY_FILE })
  .then((key) => new EnvVarCipher(key))
  .catch((error: unknown) => {
    logger.fatal({ err: error }, "no environment variable encryption key: the worker cannot start instances");
    process.exit(2);
  });
// Whatever this process spawns from now on cannot inherit the key, whichever runtime driver runs.
delete process.env.ENV_ENCRYPTION_KEY;

const prisma = createPrismaClient(databaseUrl, 5);
// A stop can arrive while the worker is still starting (building images, adopting containers): it
// waits for the start to finish, then ends everything in order.
let jobs: JobQueue | undefined;
let driver: RuntimeDriver | undefined;
let worker: DeployWorker | undefined;

async function boot(): Promise<void> {
  jobs = await startJobQueue(databaseUrl!, logger);
  driver = await createRuntimeDriver({
    choice: (process.env.RUNTIME_DRIVER || "auto") as RuntimeChoice,
    engineSocket: process.env.CONTAINER_ENGINE_SOCKET,
    dockerHost: process.env.DOCKER_HOST,
    databaseUrl: databaseUrl!,
    logger,
  });
  const config = readConfig();
  const dataDir = process.env.DATA_DIR || defaultDataDir();
  worker = new DeployWorker({
    prisma,
    databaseUrl: databaseUrl!,
    jobs,
    driver,
    logger,
    envVarCipher,
    resyncIntervalMs: config.worker.resyncIntervalMs,
    meteringIntervalMs: config.worker.meteringIntervalMs,
    // The API's store: it reads the same configuration (the worker inherits the API's environment).
    versionBuilds: { dataDir, artifacts: await selectArtifactStore({ dataDir, s3: config.artifactS3 }, logger) },
  });
  await worker.start();
}
const booted = boot();

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker stopping");
  await booted.catch(() => {});
  await worker?.stop().catch((error: unknown) => logger.error({ err: error }, "worker stop failed"));
  // Throwaway runs (the end-to-end flows) ask for their containers to go with them.
  if (process.env.INSTANCES_ON_SHUTDOWN === "stop") await driver?.stopAll().catch(() => {});
  await jobs?.stop().catch(() => {});
  await prisma.$disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
// Started by the API with an IPC channel: if the API goes away, so does the worker.
process.on("disconnect", () => void shutdown("parent exited"));

await booted.catch((error: unknown) => {
  logger.fatal({ err: error }, "worker could not start");
  process.exit(1);
});
process.send?.({ type: "ready", workerId: worker!.workerId });
