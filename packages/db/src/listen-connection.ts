// A dedicated `LISTEN` connection (a pool's connections come and go, and a notification reaches only
// the session that listens). It reconnects on its own, backing off; a notification sent while it is
// down is lost, so every (re)connection is announced and the user reads everything again then.
import pg from "pg";

export interface ListenConnectionOptions {
  databaseUrl: string;
  /** Shown in pg_stat_activity. */
  applicationName: string;
  channels: readonly string[];
  logger: { warn(details: object, message: string): void };
  onNotification(channel: string, payload: string | undefined): void;
  /** Listening (again): whatever was notified meanwhile was missed. */
  onListening?(): void;
  /** The connection was lost after listening; a reconnection follows. */
  onLost?(): void;
  /** The first wait before reconnecting, doubled after each failure up to reconnectMaxMs. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

export class ListenConnection {
  private client: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay: number;
  private closed = false;
  private isListening = false;

  constructor(private readonly options: ListenConnectionOptions) {
    this.reconnectDelay = options.reconnectMinMs;
  }

  get listening(): boolean {
    return this.isListening;
  }

  /** Resolves once listening, or after the first failure (it keeps trying in the background). */
  async start(): Promise<void> {
    await this.connect().catch((error: unknown) => {
      this.options.logger.warn({ err: error, channels: this.options.channels }, "LISTEN failed; retrying");
      this.scheduleReconnect();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    this.isListening = false;
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: this.options.applicationName });
    client.on("notification", (message) => this.options.onNotification(message.channel, message.payload));
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      const wasListening = this.isListening;
      this.isListening = false;
      if (this.closed) return;
      this.options.logger.warn({ err: error, channels: this.options.channels }, "LISTEN connection lost; reconnecting");
      void client.end().catch(() => undefined);
      if (wasListening) this.options.onLost?.();
      this.scheduleReconnect();
    };
    client.on("error", lost);
    client.on("end", () => lost());
    this.client = client;
    try {
      await client.connect();
      await client.query(this.options.channels.map((channel) => `LISTEN ${channel}`).join("; "));
    } catch (error) {
      if (this.client === client) this.client = null;
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.isListening = true;
    this.reconnectDelay = this.options.reconnectMinMs;
    this.options.onListening?.();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer || this.client) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, this.options.reconnectMaxMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((error: unknown) => {
        this.options.logger.warn({ err: error, channels: this.options.channels }, "LISTEN reconnect failed");
        this.scheduleReconnect();
      });
    }, delay);
    // A process with nothing else to do may exit while it waits to reconnect.
    this.reconnectTimer.unref();
  }
}
