// The worker's wake-ups: a LISTEN connection on the channels the job queue notifies in the same
// transaction as each job it enqueues, so a job and its wake-up commit together. Notifications sent
// while the connection is down are lost: every (re)connection asks for a full resync, which reads
// everything again.
import type { Logger } from "pino";
import { ListenConnection } from "@rts/db";
import { SERVICE_LIFECYCLE_CHANNEL, VERSION_BUILD_CHANNEL } from "../jobs/job-queue.ts";

export interface WorkListenerOptions {
  databaseUrl: string;
  logger: Logger;
  /** A service's desired state changed: reconcile that service. */
  onServiceChange(serviceId: string): void;
  /** A version build was enqueued. */
  onVersionBuild(): void;
  /** Listening (again): whatever was notified meanwhile was missed. */
  onListening(): void;
}

export class WorkListener {
  private readonly connection: ListenConnection;

  constructor(options: WorkListenerOptions) {
    this.connection = new ListenConnection({
      databaseUrl: options.databaseUrl,
      applicationName: "rts-worker-listen",
      channels: [SERVICE_LIFECYCLE_CHANNEL, VERSION_BUILD_CHANNEL],
      logger: options.logger,
      onNotification(channel, payload) {
        if (channel === SERVICE_LIFECYCLE_CHANNEL && payload) options.onServiceChange(payload);
        else if (channel === VERSION_BUILD_CHANNEL) options.onVersionBuild();
      },
      onListening: options.onListening,
      reconnectMinMs: 250,
      reconnectMaxMs: 10_000,
    });
  }

  /** Resolves once listening, or after the first failure (it keeps retrying in the background). */
  start(): Promise<void> {
    return this.connection.start();
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
