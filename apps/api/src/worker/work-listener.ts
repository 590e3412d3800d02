// The worker's wake-ups: one dedicated `LISTEN` connection (the Prisma pool's connections come and
// go) on the channels the job queue notifies in the same transaction as each job it enqueues, so a
// job and its wake-up commit together. Notifications sent while the connection is down are lost:
// every (re)connection asks for a full resync, which reads everything again.
import type { Logger } from "pino";
import pg from "pg";
import { SERVICE_LIFECYCLE_CHANNEL, VERSION_BUILD_CHANNEL } from "../jobs/job-queue.ts";

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

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
  private client: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = RECONNECT_MIN_MS;
  private closed = false;

  constructor(private readonly options: WorkListenerOptions) {}

  /** Resolves once listening, or after the first failure (it keeps retrying in the background). */
  async start(): Promise<void> {
    await this.connect().catch((error: unknown) => {
      this.options.logger.warn({ err: error }, "work LISTEN failed; retrying");
      this.scheduleReconnect();
    });
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: "rts-worker-listen" });
    client.on("notification", (message) => {
      if (message.channel === SERVICE_LIFECYCLE_CHANNEL && message.payload) this.options.onServiceChange(message.payload);
      else if (message.channel === VERSION_BUILD_CHANNEL) this.options.onVersionBuild();
    });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      if (this.closed) return;
      this.options.logger.warn({ err: error }, "work listener connection lost; reconnecting");
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on("error", lost);
    client.on("end", () => lost());
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${SERVICE_LIFECYCLE_CHANNEL}; LISTEN ${VERSION_BUILD_CHANNEL}`);
    } catch (error) {
      if (this.client === client) this.client = null;
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.reconnectDelay = RECONNECT_MIN_MS;
    this.options.onListening();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer || this.client) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((error: unknown) => {
        this.options.logger.warn({ err: error }, "work LISTEN reconnect failed");
        this.scheduleReconnect();
      });
    }, delay);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}
