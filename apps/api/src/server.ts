// Starts the whole product: database (embedded unless DATABASE_URL is set), migrations, demo data,
// the job queue, the deploy worker (a supervised child process) and the HTTP API. SIGINT/SIGTERM stop all of it, the embedded PostgreSQL included.
import { pino } from "pino";
import { defaultDataDir, openDatabase, seedDemoData } from "@rts/db";
import { buildApp } from "./app.ts";
import { readConfig, type AppConfig } from "./config.ts";
import { startMetricsServer } from "./gateway/metrics-endpoint.ts";
import { startJobQueue } from "./jobs/job-queue.ts";
import { selectArtifactStore } from "./modules/model-artifacts/index.ts";
import { EnvVarCipher } from "./modules/secrets/env-encryption.ts";
import { loadOrCreateEnvEncryptionKey } from "./modules/secrets/env-encryption-key.ts";
import { ensureDemoService } from "./modules/services/demo-service.ts";
import { probeRuntime } from "./runtime/select-runtime-driver.ts";
import { describeStartFailure } from "./start-failure.ts";
import { superviseWorker } from "./worker/worker-supervisor.ts";

function readConfigOrExit(): AppConfig {
  try {
    return readConfig();
  } catch (error) {
    pino().fatal(describeStartFailure(error), "failed to start");
    process.exit(1);
  }
}

const config = readConfigOrExit();
const logger = pino({
  level: config.logLevel,
  // Never log credentials, even by accident in a request log line.
  redact: ["req.headers.authorization", "req.headers.cookie", 'req.headers["sec-websocket-protocol"]', 'res.headers["set-cookie"]'],
});

// Set once the database is open, so a failed start still stops what it had started.
let stopAll: ((reason: string, exitCode: number) => Promise<void>) | undefined;

async function main() {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const cleanups: Array<() => Promise<void>> = [() => database.close()];
  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    for (const cleanup of cleanups) {
      await cleanup().catch((error: unknown) => logger.error({ err: error }, "shutdown step failed"));
    }
    logger.info("stopped");
    process.exit(exitCode);
  };
  stopAll = shutdown;
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const runtime = await probeRuntime(config.runtime);
  logger.info({ runtime: runtime.kind, capacity: runtime.capacity }, `runtime: ${runtime.description}`);
  const runtimeCapacity = { ...runtime.capacity, ...config.publicPoolCapacity };
  const envEncryption = await loadOrCreateEnvEncryptionKey({
    configuredKey: config.envEncryptionKey,
    dataDir: config.dataDir ?? defaultDataDir(),
    logger,
  });
  const envVarCipher = new EnvVarCipher(envEncryption.key);
  const jobs = await startJobQueue(database.url, logger);
  cleanups.unshift(() => jobs.stop());
  if (config.seedDemoData) {
    await seedDemoData(database.prisma);
    const demoService = await ensureDemoService(database.prisma, jobs, envVarCipher, runtimeCapacity);
    logger.info({ demoService }, "demo data in place (users alice and bob, service demo-classifier)");
  }
  // The worker runs what the API measured, so the two never disagree about the runtime.
  const worker = superviseWorker({
    databaseUrl: database.url,
    logger,
    envEncryptionKey: envEncryption.source,
    env: { ...process.env, RUNTIME_DRIVER: runtime.kind },
  });
  const app = await buildApp({
    prisma: database.prisma,
    jobs,
    logger,
    cookieSecure: config.cookieSecure,
    databaseUrl: database.url,
    runtimeCapacity,
    workerState: worker.state,
    trustedProxies: config.trustedProxies,
    allowedOrigins: config.allowedOrigins,
    metricsToken: config.metricsToken,
    envVarCipher,
    artifactStore: await selectArtifactStore({ dataDir: config.dataDir ?? defaultDataDir(), s3: config.artifactS3 }, logger),
    sampleLimits: config.sampleLimits,
  });
  cleanups.unshift(() => app.close());
  // First on shutdown: a Ctrl-C reaches the worker too, and it must not be restarted meanwhile.
  cleanups.unshift(() => worker.stop());
  await app.listen({ port: config.port, host: config.host });
  if (config.metricsPort) {
    // Monitoring is not worth refusing to serve for: a second instance on this machine finds the
    // port taken and says so.
    await startMetricsServer(app.gateway.prometheus.registry, config.metricsPort, logger).then(
      (metrics) => {
        cleanups.unshift(() => metrics.close());
        logger.info({ url: `http://127.0.0.1:${metrics.port}/metrics` }, "Prometheus metrics on loopback");
      },
      (error: unknown) => logger.warn({ ...describeStartFailure(error) }, "Prometheus metrics not served on loopback"),
    );
  }
  logger.info({ url: `http://${config.host}:${app.server.address() && typeof app.server.address() === "object" ? (app.server.address() as { port: number }).port : config.port}` }, "Real-Time Services API ready; docs at /api/docs");
}

main().catch(async (error: unknown) => {
  logger.fatal(describeStartFailure(error), "failed to start");
  if (stopAll) await stopAll("start failed", 1);
  process.exit(1);
});
