// The durable job queue is pg-boss, in PostgreSQL next to the data it acts on. Jobs are inserted
// through the caller's transaction, so a service row and its job commit or vanish together.
import { fromPrisma, PgBoss } from "pg-boss";
import type { Prisma } from "@rts/db";
import type { Logger } from "pino";

export const SERVICE_LIFECYCLE_QUEUE = "service-lifecycle";

export type ServiceAction = "deploy" | "stop" | "start" | "delete" | "cancel";

export interface ServiceLifecycleJob {
  serviceId: string;
  action: ServiceAction;
  requestedAt: string;
}

export interface JobQueue {
  boss: PgBoss;
  enqueueInTransaction(tx: Prisma.TransactionClient, job: ServiceLifecycleJob): Promise<string | null>;
  stop(): Promise<void>;
}

export async function startJobQueue(connectionString: string, logger: Logger): Promise<JobQueue> {
  const boss = new PgBoss({ connectionString, max: 4, schedule: false, supervise: false });
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  await boss.createQueue(SERVICE_LIFECYCLE_QUEUE).catch((error: unknown) => {
    if (!String(error).includes("already exists")) throw error;
  });
  return {
    boss,
    enqueueInTransaction(tx, job) {
      return boss.send(SERVICE_LIFECYCLE_QUEUE, { ...job }, {
        retryLimit: 5,
        retryBackoff: true,
        db: fromPrisma(tx),
      });
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5000 });
    },
  };
}
