// The durable job queue is pg-boss, in PostgreSQL next to the data it acts on. Jobs are inserted
// through the caller's transaction, so a service row and its job commit or vanish together.
import { fromPrisma, PgBoss } from "pg-boss";
import type { Prisma } from "@rts/db";
import type { Logger } from "pino";

export const SERVICE_LIFECYCLE_QUEUE = "service-lifecycle";
export const VERSION_BUILD_QUEUE = "version-build";
// Notified in the transaction that enqueues a job, so the worker (worker/work-listener.ts) wakes
// when it commits; the job stays the durable record, polled slowly in case a wake-up was missed.
export const SERVICE_LIFECYCLE_CHANNEL = "service_lifecycle";
export const VERSION_BUILD_CHANNEL = "version_build";
/** Attempts after the first for a build that failed for a reason on our side (the engine, the store). */
export const VERSION_BUILD_RETRY_LIMIT = 3;
/** A build whose worker stopped sending heartbeats (it died) is failed and retried after this. */
export const VERSION_BUILD_HEARTBEAT_SECONDS = 10;

export type ServiceAction = "deploy" | "stop" | "start" | "delete" | "cancel";

export interface ServiceLifecycleJob {
  serviceId: string;
  action: ServiceAction;
  requestedAt: string;
}

export interface VersionBuildJob {
  versionId: string;
}

export interface JobQueue {
  boss: PgBoss;
  enqueueInTransaction(tx: Prisma.TransactionClient, job: ServiceLifecycleJob): Promise<string | null>;
  /** The version's build, committed with the version row it builds. */
  enqueueVersionBuildInTransaction(tx: Prisma.TransactionClient, job: VersionBuildJob): Promise<string | null>;
  stop(): Promise<void>;
}

export async function startJobQueue(connectionString: string, logger: Logger): Promise<JobQueue> {
  const boss = new PgBoss({ connectionString, max: 4, schedule: false, supervise: false });
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  for (const queue of [SERVICE_LIFECYCLE_QUEUE, VERSION_BUILD_QUEUE]) {
    await boss.createQueue(queue).catch((error: unknown) => {
      if (!String(error).includes("already exists")) throw error;
    });
  }
  return {
    boss,
    async enqueueInTransaction(tx, job) {
      await tx.$executeRaw`SELECT pg_notify(${SERVICE_LIFECYCLE_CHANNEL}, ${job.serviceId})`;
      return boss.send(SERVICE_LIFECYCLE_QUEUE, { ...job }, {
        retryLimit: 5,
        retryBackoff: true,
        db: fromPrisma(tx),
      });
    },
    async enqueueVersionBuildInTransaction(tx, job) {
      await tx.$executeRaw`SELECT pg_notify(${VERSION_BUILD_CHANNEL}, ${job.versionId})`;
      return boss.send(VERSION_BUILD_QUEUE, { ...job }, {
        retryLimit: VERSION_BUILD_RETRY_LIMIT,
        retryBackoff: true,
        retryDelayMax: 60,
        heartbeatSeconds: VERSION_BUILD_HEARTBEAT_SECONDS,
        db: fromPrisma(tx),
      });
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5000 });
    },
  };
}
