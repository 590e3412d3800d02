// The deploy worker. It is driven by events: a service-lifecycle job's wake-up (NOTIFY, committed
// with the job) reconciles that service at once; an instance's exit (pushed by the driver) or a
// change of its health (health-monitor.ts) reconciles its service only; deadlines, restart backoffs,
// drains and auto-stop times set timers for theirs. A slow resync reads when each active service
// last changed and passes those that changed since the one before (a wake-up sent while the
// listener reconnected, a row changed by hand); the lifecycle jobs themselves, polled slowly, are
// the durable record behind the wake-ups.
// It also records metering (R13), prunes expired data-collection samples (R11) and per-second
// version metrics, stops services whose auto-stop time has passed (R17), takes the steps of
// progressive rollouts (R16) and builds new AI application versions.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { PrismaClient } from "@rts/db";
import type { EnvVarCipher } from "../modules/secrets/env-encryption.ts";
import { SERVICE_LIFECYCLE_QUEUE, type JobQueue, type ServiceLifecycleJob } from "../jobs/job-queue.ts";
import type { RuntimeDriver } from "../runtime/runtime-driver.ts";
import { stopExpiredServices } from "./auto-stop.ts";
import { pruneVersionMetricSeconds } from "../gateway/metrics.ts";
import { recordMetering } from "./metering-recorder.ts";
import type { HealthPeriods } from "./health-monitor.ts";
import { Reconciler } from "./reconciler.ts";
import { RolloutController } from "./rollout-controller.ts";
import { VersionBuilder, type VersionBuilderOptions } from "./version-builder.ts";
import { WorkListener } from "./work-listener.ts";

export const DEFAULT_RESYNC_INTERVAL_MS = 30_000;
// The lifecycle jobs are the durable record behind the wake-ups: polled this slowly, they only
// catch a wake-up lost while no worker listened.
const LIFECYCLE_JOB_POLL_SECONDS = 10;
// Rollouts are looked for this often while none runs (a new one bakes for seconds before its
// first judgement), and at `rolloutIntervalMs` while some do.
const IDLE_ROLLOUT_POLL_MS = 5_000;

export interface DeployWorkerOptions {
  prisma: PrismaClient;
  /** For the worker's own LISTEN connection (its wake-ups). */
  databaseUrl: string;
  jobs: JobQueue;
  driver: RuntimeDriver;
  logger: Logger;
  /** Opens environment variable values to start instances (R8). */
  envVarCipher: EnvVarCipher;
  /** Between resyncs (each passes the services whose rows changed since the one before). */
  resyncIntervalMs?: number;
  healthPeriods?: Partial<HealthPeriods>;
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
  private readonly listener: WorkListener;
  private readonly timers: NodeJS.Timeout[] = [];
  private rolloutsIdleUntil = 0;
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
      ...(options.healthPeriods ? { healthPeriods: options.healthPeriods } : {}),
    });
    this.rollouts = new RolloutController({ prisma: options.prisma, logger: options.logger });
    if (options.versionBuilds) {
      this.builder = new VersionBuilder({ prisma: options.prisma, jobs: options.jobs, logger: options.logger, driver: options.driver, ...options.versionBuilds });
    }
    this.listener = new WorkListener({
      databaseUrl: options.databaseUrl,
      logger: options.logger,
      onServiceChange: (serviceId) => {
        if (this.running) void this.reconciler.reconcile(serviceId);
      },
      onVersionBuild: () => this.builder?.wake(),
      onListening: () => {
        if (this.running) void this.reconciler.reconcileAll({ full: true }).catch((error: unknown) => options.logger.error({ err: error }, "resync failed"));
      },
    });
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
      { pollingIntervalSeconds: LIFECYCLE_JOB_POLL_SECONDS, batchSize: 10 },
      async (batch) => {
        await Promise.all(batch.map((job) => this.reconciler.reconcile(job.data.serviceId)));
      },
    );
    await this.builder?.start();
    // Listening first: a change committed during the resync below is either in what it reads or woken up.
    await this.listener.start();
    this.every(this.options.resyncIntervalMs ?? DEFAULT_RESYNC_INTERVAL_MS, () => this.reconciler.reconcileAll());
    this.every(this.options.meteringIntervalMs ?? 60_000, async () => {
      await recordMetering(this.options.prisma);
      await this.options.prisma.dataCollectionSample.deleteMany({ where: { expiresAt: { lt: new Date() } } });
      await pruneVersionMetricSeconds(this.options.prisma);
    });
    // Each service's own pass stops it on time (R17); this sweep is the backstop.
    this.every(this.options.autoStopIntervalMs ?? DEFAULT_RESYNC_INTERVAL_MS, () => stopExpiredServices(this.options.prisma, jobs));
    this.every(this.options.rolloutIntervalMs ?? 500, async () => {
      if (Date.now() < this.rolloutsIdleUntil) return;
      const active = await this.rollouts.tick();
      this.rolloutsIdleUntil = active === 0 ? Date.now() + IDLE_ROLLOUT_POLL_MS : 0;
    });
    await this.reconciler.reconcileAll({ full: true });
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
    await this.listener.close();
    await this.options.jobs.boss.offWork(SERVICE_LIFECYCLE_QUEUE).catch(() => {});
    await this.builder?.stop();
    await this.pass;
    await this.reconciler.close();
    await this.options.driver.release();
  }
}
