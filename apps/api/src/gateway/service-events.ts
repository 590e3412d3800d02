// Live services: one `LISTEN service_state` connection per app (a dedicated pg client, since the
// Prisma pool's connections come and go), fanned out to the Server-Sent-Events streams of the
// service's owner only, through the LiveServiceFeed (which coalesces and reads what changed). Each
// notification also drops the service's cached routing table. Streams are kept by owner, so a
// change costs one read (in the feed) and one formatted text written to that owner's streams only.
// A stream whose client does not read is closed once its unsent bytes pass MAX_BUFFERED_BYTES: the
// API's memory stays bounded by open streams x that limit, and the console reconnects and reads the
// list again.
import type { ServerResponse } from "node:http";
import type { FastifyBaseLogger } from "fastify";
import pg from "pg";
import { SERVICE_STATE_CHANNEL, type ServiceChangeNotification } from "../modules/services/state-transitions.ts";
import { LiveServiceFeed, type LiveFrame, type LiveServiceFeedOptions } from "./live-service-feed.ts";

export const HEARTBEAT_MS = 15_000;
/**
 * Unsent bytes one stream may hold past the socket's own buffer: several times the biggest burst one
 * owner's changes make in a window (20 services' state, instances and events frames), so only a
 * client that stopped reading reaches it.
 */
export const MAX_BUFFERED_BYTES = 128 * 1024;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;

interface Stream {
  ownerId: string;
  response: ServerResponse;
}

export class ServiceEventHub {
  private readonly streams = new Map<string, Set<Stream>>();
  private openStreams = 0;
  private readonly listeners = new Set<(n: ServiceChangeNotification) => void>();
  private readonly feed: LiveServiceFeed;
  private readonly heartbeatMs: number;
  private client: pg.Client | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = RECONNECT_MIN_MS;
  private closed = false;
  private listening = false;

  constructor(
    private readonly databaseUrl: string | undefined,
    private readonly log: FastifyBaseLogger,
    read: LiveServiceFeedOptions["read"],
    timing: { heartbeatMs?: number; windowMs?: number } = {},
  ) {
    this.heartbeatMs = timing.heartbeatMs ?? HEARTBEAT_MS;
    this.feed = new LiveServiceFeed({
      read,
      log,
      windowMs: timing.windowMs,
      watching: (ownerId) => this.watching(ownerId),
      send: (ownerId, frames) => this.send(ownerId, frames),
    });
  }

  /** True when LISTEN is set up (no database URL: never). */
  get live(): boolean {
    return this.listening;
  }

  get streamCount(): number {
    return this.openStreams;
  }

  onNotification(listener: (n: ServiceChangeNotification) => void): void {
    this.listeners.add(listener);
  }

  async start(): Promise<void> {
    if (!this.databaseUrl || this.closed) return;
    this.heartbeat ??= setInterval(() => this.broadcastComment("heartbeat"), this.heartbeatMs);
    this.heartbeat.unref();
    try {
      await this.connect();
    } catch (error) {
      this.log.warn({ err: error }, "service_state LISTEN failed; retrying");
      this.scheduleReconnect();
    }
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: "rts-service-events" });
    client.on("notification", (message) => {
      if (message.channel !== SERVICE_STATE_CHANNEL || !message.payload) return;
      let payload: ServiceChangeNotification;
      try {
        payload = JSON.parse(message.payload) as ServiceChangeNotification;
      } catch {
        return;
      }
      this.dispatch(payload);
    });
    client.on("error", (error) => {
      this.log.warn({ err: error }, "service_state listener connection lost");
      this.dropClient(client);
      this.scheduleReconnect();
    });
    client.on("end", () => {
      if (this.client === client) {
        this.dropClient(client);
        this.scheduleReconnect();
      }
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${SERVICE_STATE_CHANNEL}`);
    } catch (error) {
      this.dropClient(client);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listening = true;
    this.reconnectDelay = RECONNECT_MIN_MS;
  }

  private dropClient(client: pg.Client): void {
    if (this.client === client) {
      // Notifications sent while nobody listens are lost: the open streams end, so the consoles
      // poll until LISTEN is back (a new stream is refused meanwhile) and read everything again then.
      if (this.listening) this.endStreams();
      this.client = null;
      this.listening = false;
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer || this.client) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((error: unknown) => {
        this.log.warn({ err: error }, "service_state LISTEN reconnect failed");
        this.scheduleReconnect();
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  /** Delivers one notification to the listeners and, through the feed, to the owner's streams. */
  dispatch(payload: ServiceChangeNotification): void {
    for (const listener of this.listeners) {
      try {
        listener(payload);
      } catch (error) {
        this.log.error({ err: error }, "service_state listener failed");
      }
    }
    this.feed.changed(payload);
  }

  private watching(ownerId: string): boolean {
    return this.streams.has(ownerId);
  }

  private send(ownerId: string, frames: LiveFrame[]): void {
    const owned = this.streams.get(ownerId);
    if (!owned) return;
    const text = frames.map((frame) => `event: ${frame.event}\ndata: ${JSON.stringify(frame.data)}\n\n`).join("");
    for (const stream of [...owned]) this.write(stream, text);
  }

  private write(stream: Stream, text: string): void {
    const { response } = stream;
    if (response.writableLength + text.length > MAX_BUFFERED_BYTES) {
      this.log.warn({ ownerId: stream.ownerId, buffered: response.writableLength }, "closing an event stream whose client stopped reading");
      this.remove(stream);
      response.destroy();
      return;
    }
    response.write(text);
  }

  /** Registers an SSE response that is already open; it is removed when the client goes away. */
  subscribe(ownerId: string, response: ServerResponse): void {
    const stream: Stream = { ownerId, response };
    let owned = this.streams.get(ownerId);
    if (!owned) this.streams.set(ownerId, (owned = new Set()));
    owned.add(stream);
    this.openStreams += 1;
    const remove = () => this.remove(stream);
    response.on("close", remove);
    response.on("error", remove);
  }

  private remove(stream: Stream): void {
    const owned = this.streams.get(stream.ownerId);
    if (!owned?.delete(stream)) return;
    this.openStreams -= 1;
    if (owned.size === 0) {
      this.streams.delete(stream.ownerId);
      this.feed.forget(stream.ownerId);
    }
  }

  private broadcastComment(text: string): void {
    for (const owned of [...this.streams.values()]) for (const stream of [...owned]) this.write(stream, `: ${text}\n\n`);
  }

  /** Ends every stream (so the HTTP server can close) and the LISTEN connection. */
  async close(): Promise<void> {
    this.closed = true;
    this.feed.close();
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.endStreams();
    const client = this.client;
    this.client = null;
    this.listening = false;
    if (client) await client.end().catch(() => undefined);
  }

  endStreams(): void {
    for (const owned of this.streams.values()) for (const stream of owned) stream.response.end();
    this.streams.clear();
    this.openStreams = 0;
  }
}
