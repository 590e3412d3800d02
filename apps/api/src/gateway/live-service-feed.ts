// Turns `service_state` notifications into the frames of the live stream (contracts'
// live-service-events.ts). A notification only names a service and its owner; a burst of them
// (one reconcile pass writes several rows, a crash loop writes many) becomes one read after a short
// window, and a frame goes out only for what changed since the last frame about that service. The
// read is scoped to the owner the frames go to, so a notification naming the wrong owner finds nothing.
import {
  LIVE_SERVICE_EVENT,
  type LiveServiceDeleted,
  type LiveServiceEventsFrame,
  type LiveServiceInstancesFrame,
  type LiveServiceState,
} from "@rts/contracts";
import type { FastifyBaseLogger } from "fastify";
import type { LiveServiceRow } from "../modules/services/service-sql.ts";
import type { ServiceChangeNotification } from "../modules/services/state-transitions.ts";

export const COALESCE_MS = 200;
/** Newest events read per flush: more than this many within one window would be a runaway. */
export const LIVE_EVENT_READ_LIMIT = 20;
const RETRY_AFTER_READ_FAILURE_MS = 1_000;

export type LiveFrame =
  | { event: typeof LIVE_SERVICE_EVENT.state; data: LiveServiceState | LiveServiceDeleted }
  | { event: typeof LIVE_SERVICE_EVENT.instances; data: LiveServiceInstancesFrame }
  | { event: typeof LIVE_SERVICE_EVENT.events; data: LiveServiceEventsFrame };

export interface LiveServiceFeedOptions {
  read(ownerId: string, serviceId: string): Promise<LiveServiceRow | null>;
  /** Whether any stream of this owner is open here: without one there is nothing to read for. */
  watching(ownerId: string): boolean;
  send(ownerId: string, frames: LiveFrame[]): void;
  log: FastifyBaseLogger;
  windowMs?: number;
}

interface Pending {
  ownerId: string;
  serviceId: string;
  deleted: LiveServiceDeleted | null;
}

interface Sent {
  state: string;
  instances: string;
  eventIds: ReadonlySet<string>;
}

export class LiveServiceFeed {
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly sent = new Map<string, Sent>();
  private readonly flushing = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly options: LiveServiceFeedOptions) {}

  changed(notification: ServiceChangeNotification): void {
    const { ownerId, serviceId } = notification;
    const key = `${ownerId}/${serviceId}`;
    if (this.closed) return;
    if (!this.options.watching(ownerId)) {
      this.sent.delete(key);
      return;
    }
    const entry = this.pending.get(key) ?? { ownerId, serviceId, deleted: null };
    if (notification.state === "Deleted") entry.deleted = { serviceId, state: "Deleted", stateReason: notification.stateReason ?? null };
    this.pending.set(key, entry);
    this.schedule(key, this.options.windowMs ?? COALESCE_MS);
  }

  /** Drops what was remembered about an owner's services once none of their streams is left. */
  forget(ownerId: string): void {
    for (const key of this.sent.keys()) if (key.startsWith(`${ownerId}/`)) this.sent.delete(key);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
  }

  private schedule(key: string, delay: number): void {
    if (this.timers.has(key) || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      // One flush per service at a time: a slow read must not let an older answer overtake a newer one.
      const previous = this.flushing.get(key) ?? Promise.resolve();
      const next = previous.then(() => this.flush(key));
      this.flushing.set(key, next);
      void next.finally(() => {
        if (this.flushing.get(key) === next) this.flushing.delete(key);
      });
    }, delay);
    timer.unref();
    this.timers.set(key, timer);
  }

  private async flush(key: string): Promise<void> {
    const entry = this.pending.get(key);
    if (!entry || this.closed) return;
    this.pending.delete(key);
    const { ownerId, serviceId, deleted } = entry;
    if (!this.options.watching(ownerId)) {
      this.sent.delete(key);
      return;
    }
    if (deleted) {
      this.sent.delete(key);
      this.options.send(ownerId, [{ event: LIVE_SERVICE_EVENT.state, data: deleted }]);
      return;
    }
    let row: LiveServiceRow | null;
    try {
      row = await this.options.read(ownerId, serviceId);
    } catch (error) {
      this.options.log.warn({ err: error, serviceId }, "reading a service for the live stream failed; retrying");
      if (!this.pending.has(key)) this.pending.set(key, entry);
      this.schedule(key, RETRY_AFTER_READ_FAILURE_MS);
      return;
    }
    if (!row) return;
    const frames = this.framesOf(key, row);
    if (frames.length > 0) this.options.send(ownerId, frames);
  }

  private framesOf(key: string, row: LiveServiceRow): LiveFrame[] {
    const before = this.sent.get(key);
    const state = JSON.stringify(row.state);
    const instances = JSON.stringify(row.instances);
    const serviceId = row.state.serviceId;
    const frames: LiveFrame[] = [];
    if (state !== before?.state) frames.push({ event: LIVE_SERVICE_EVENT.state, data: row.state });
    if (instances !== before?.instances) frames.push({ event: LIVE_SERVICE_EVENT.instances, data: { serviceId, instances: row.instances } });
    const fresh = row.events.filter((event) => !before?.eventIds.has(event.id));
    if (fresh.length > 0) frames.push({ event: LIVE_SERVICE_EVENT.events, data: { serviceId, events: fresh } });
    this.sent.set(key, { state, instances, eventIds: new Set(row.events.map((event) => event.id)) });
    return frames;
  }
}
