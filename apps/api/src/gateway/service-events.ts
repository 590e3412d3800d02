// Live services: one `LISTEN service_state` connection per app, fanned out to the
// Server-Sent-Events streams of the service's owner only, through the LiveServiceFeed (which
// coalesces and reads what changed). Each notification also drops the service's cached routing
// table. Streams are kept by owner, so a change costs one read (in the feed) and one formatted
// text written to that owner's streams only.
// A stream whose client does not read is closed once its unsent bytes pass MAX_BUFFERED_BYTES: the
// API's memory stays bounded by open streams x that limit, and the console reconnects and reads the
// list again.
import type { ServerResponse } from "node:http";
import type { FastifyBaseLogger } from "fastify";
import { ListenConnection } from "@rts/db";
import { SERVICE_STATE_CHANNEL, type ServiceChangeNotification } from "../modules/services/state-transitions.ts";
import { LiveServiceFeed, type LiveFrame, type LiveServiceFeedOptions } from "./live-service-feed.ts";

export const HEARTBEAT_MS = 15_000;
/**
 * Unsent bytes one stream may hold past the socket's own buffer: several times the biggest burst one
 * owner's changes make in a window (20 services' state, instances and events frames), so only a
 * client that stopped reading reaches it.
 */
export const MAX_BUFFERED_BYTES = 128 * 1024;

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
  private readonly connection: ListenConnection | null;
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    databaseUrl: string | undefined,
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
    this.connection = databaseUrl
      ? new ListenConnection({
          databaseUrl,
          applicationName: "rts-service-events",
          channels: [SERVICE_STATE_CHANNEL],
          logger: log,
          onNotification: (channel, payload) => {
            if (channel === SERVICE_STATE_CHANNEL && payload) this.notified(payload);
          },
          // Notifications sent while nobody listens are lost: the open streams end, so the consoles
          // poll until LISTEN is back (a new stream is refused meanwhile) and read everything again then.
          onLost: () => this.endStreams(),
          reconnectMinMs: 500,
          reconnectMaxMs: 15_000,
        })
      : null;
  }

  /** True when LISTEN is set up (no database URL: never). */
  get live(): boolean {
    return this.connection?.listening ?? false;
  }

  get streamCount(): number {
    return this.openStreams;
  }

  onNotification(listener: (n: ServiceChangeNotification) => void): void {
    this.listeners.add(listener);
  }

  async start(): Promise<void> {
    if (!this.connection || this.closed) return;
    this.heartbeat ??= setInterval(() => this.broadcastComment("heartbeat"), this.heartbeatMs);
    this.heartbeat.unref();
    await this.connection.start();
  }

  private notified(text: string): void {
    let payload: ServiceChangeNotification;
    try {
      payload = JSON.parse(text) as ServiceChangeNotification;
    } catch {
      return;
    }
    this.dispatch(payload);
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
    this.endStreams();
    await this.connection?.close();
  }

  endStreams(): void {
    for (const owned of this.streams.values()) for (const stream of owned) stream.response.end();
    this.streams.clear();
    this.openStreams = 0;
  }
}
