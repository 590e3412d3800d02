// The deploy worker: consumes the durable service-lifecycle jobs and, as a safety net for lost
// wake-ups and crashes, reconciles every active service on a short interval. It also records
// metering (R13), prunes expired data-collection samples (R11) and per-second version metrics,
// stops services whose auto-stop time has passed (R17), takes the steps of progressive rollouts (R16)
// and builds new AI application versions.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { PrismaClient } from "@rts/db";
import type { EnvVarCipher } from "../modules/secrets/env-encryption.ts";
import { SERVICE_LIFECYCLE_QUEUE, type JobQueue, type ServiceLifecycleJob } from "../jobs/job-queue.ts";
import type { RuntimeDriver } from "../runtime/runtime-driver.ts";
import { stopExpiredServices } from "./auto-stop.ts";
import { pruneVersionMetricSeconds } from "../gateway/metrics.ts";
import { recordMetering } from "./metering-recorder.ts";
import { Reconciler } from "./reconciler.ts";
import { RolloutController } from "./rollout-controller.ts";
import { VersionBuilder, type VersionBuilderOptions } from "./version-builder.ts";

export interface DeployWorkerOptions {
  prisma: PrismaClient;
  jobs: JobQueue;
  driver: RuntimeDriver;
  logger: Logger;
  /** Opens environment variable values to start instances (R8). */
  envVarCipher: EnvVarCipher;
  reconcileIntervalMs?: number;
  /** How long replaced instances keep running after traffic left them (R16). */
  drainMs?: number;
  meteringIntervalMs?: number;
  autoStopIntervalMs?: number;
  rolloutIntervalMs?: number;
  /** Builds of new AI application versions (version-builder.ts); without it this worker builds none. */
  versionBuilds?: Omit<VersionBuilderOptions, "prisma" | "jobs" | "logger" | "driver">;
}

export class DeployWorker {
  readonly workerId = randomUUID();
  private readonly reconciler: Reconciler;
  private readonly rollouts: RolloutController;
  private readonly builder: VersionBuilder | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private running = false;
  private pass: Promise<void> = Promise.resolve();

  constructor(private readonly options: DeployWorkerOptions) {
    this.reconciler = new Reconciler({
      prisma: options.prisma,
      driver: options.driver,
      workerId: this.workerId,
      logger: options.logger,
      envVarCipher: options.envVarCipher,
      jobs: options.jobs,
      ...(options.drainMs !== undefined ? { drainMs: options.drainMs } : {}),
    });
    this.rollouts = new RolloutController({ prisma: options.prisma, logger: options.logger });
    if (options.versionBuilds) {
      this.builder = new VersionBuilder({ prisma: options.prisma, jobs: options.jobs, logger: options.logger, driver: options.driver, ...options.versionBuilds });
    }
  }

  async start(): Promise<void> {
    const { jobs, logger } = this.options;
    this.running = true;
    // Before any job or timer can reconcile: instances that outlived an earlier worker are taken
    // over, so they keep serving instead of being restarted, and a service whose auto stop came
    // due while no worker ran stops rather than being served on.
    await this.options.driver.adopt();
    await stopExpiredServices(this.options.prisma, jobs);
    await jobs.boss.work<ServiceLifecycleJob>(
      SERVICE_LIFECYCLE_QUEUE,
      { pollingIntervalSeconds: 0.5, batchSize: 10 },
      async (batch) => {
        await Promise.all(batch.map((job) => this.reconciler.reconcile(job.data.serviceId)));
      },
    );
    await this.builder?.start();
    this.every(this.options.reconcileIntervalMs ?? 250, () => this.reconciler.reconcileAll());
    this.every(this.options.meteringIntervalMs ?? 60_000, async () => {
      await recordMetering(this.options.prisma);
      await this.options.prisma.dataCollectionSample.deleteMany({ where: { expiresAt: { lt: new Date() } } });
      await pruneVersionMetricSeconds(this.options.prisma);
    });
    this.every(this.options.autoStopIntervalMs ?? 5_000, () => stopExpiredServices(this.options.prisma, jobs));
    this.every(this.options.rolloutIntervalMs ?? 500, () => this.rollouts.tick());
    await this.reconciler.reconcileAll();
    logger.info({ workerId: this.workerId, runtime: this.options.driver.kind }, "deploy worker started");
  }

  /** Runs `task` every `ms`, never two at once, logging failures instead of stopping. */
  private every(ms: number, task: () => Promise<unknown>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || !this.running) return;
      busy = true;
      this.pass = task()
        .then(() => undefined)
        .catch((error: unknown) => this.options.logger.error({ err: error }, "worker task failed"))
        .finally(() => {
          busy = false;
        });
    }, ms);
    this.timers.push(timer);
  }

  /** Stops taking work; processes stop with it, containers keep serving for the next worker. */
  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    await this.options.jobs.boss.offWork(SERVICE_LIFECYCLE_QUEUE).catch(() => {});
    await this.builder?.stop();
    await this.pass;
    await this.reconciler.close();
    await this.options.driver.release();
  }
}
