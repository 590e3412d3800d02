// Health checks on a schedule of each instance's own, apart from reconcile passes: a starting
// instance is checked often, so a deploy is Running soon after its servers answer; a healthy one
// at a relaxed period (its exit is pushed by the driver anyway, so the period bounds only how long
// a hung server goes unnoticed); a doubtful one again at once. Only a change (a new state, or new
// words from the check) reaches the database, through `onChange`; a steady healthy instance costs
// one HTTP request per period and nothing else.
import type { InstanceState } from "@rts/db";
import type { HealthResult, RuntimeDriver } from "../runtime/runtime-driver.ts";

// A healthy instance is declared unhealthy after this many failed checks in a row; a refused
// connection is not given that benefit of the doubt.
const UNHEALTHY_AFTER_FAILURES = 3;
// A healthy instance's failed check is repeated this soon, so a hang is confirmed in seconds.
const DOUBT_RECHECK_MS = 250;
// Healthy instances are checked on a shared grid of slots, so those due in one slot go out in one
// turn of the event loop and their answers come back together: spread evenly, 200 instances woke
// the worker 67 times a second, and the wake-ups cost more than the checks.
const HEALTHY_SLOT_MS = 500;

export interface HealthPeriods {
  /** Between checks of an instance that is starting. */
  startingMs: number;
  /** Between checks of a healthy instance. */
  healthyMs: number;
  /** Between checks of an unhealthy instance: is it back? */
  unhealthyMs: number;
}

export const DEFAULT_HEALTH_PERIODS: HealthPeriods = { startingMs: 100, healthyMs: 4_000, unhealthyMs: 500 };

export interface WatchedInstance {
  instanceId: string;
  serviceId: string;
  host: string;
  port: number;
  healthPath: string;
  /** Which launch this is: a result for an earlier launch of the instance is never written. */
  startedAt: Date | null;
  state: InstanceState;
  lastCheck: string | null;
}

export interface HealthChange {
  state: InstanceState;
  detail: string;
  healthy: boolean;
}

interface Entry {
  target: WatchedInstance;
  failures: number;
  timer: NodeJS.Timeout | null;
}

export class HealthMonitor {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(
    private readonly options: {
      driver: RuntimeDriver;
      periods: HealthPeriods;
      /** Writes the change; resolves once written (the next check waits for it). */
      onChange(target: WatchedInstance, change: HealthChange): Promise<void>;
      onError(error: unknown, instanceId: string): void;
    },
  ) {}

  /**
   * Watches the instance from the reconciler's view of its row. The same launch keeps its schedule
   * (the row's state is the monitor's own news); a new launch starts a new one.
   */
  watch(target: WatchedInstance): void {
    if (this.closed) return;
    const entry = this.entries.get(target.instanceId);
    if (entry && sameLaunch(entry.target, target)) return;
    if (entry) this.unwatch(target.instanceId);
    const fresh: Entry = { target: { ...target }, failures: 0, timer: null };
    this.entries.set(target.instanceId, fresh);
    // Healthy instances a new worker takes over are spread over one period, not checked at once.
    this.schedule(fresh, target.state === "Healthy" ? this.onHealthySlot(Math.random() * this.options.periods.healthyMs) : this.options.periods.startingMs);
  }

  unwatch(instanceId: string): void {
    const entry = this.entries.get(instanceId);
    if (entry?.timer) clearTimeout(entry.timer);
    this.entries.delete(instanceId);
  }

  watching(instanceId: string): boolean {
    return this.entries.has(instanceId);
  }

  close(): void {
    this.closed = true;
    for (const id of [...this.entries.keys()]) this.unwatch(id);
  }

  private schedule(entry: Entry, delayMs: number): void {
    entry.timer = setTimeout(() => {
      entry.timer = null;
      void this.check(entry);
    }, delayMs);
  }

  private async check(entry: Entry): Promise<void> {
    const { target } = entry;
    let result: HealthResult;
    try {
      result = await this.options.driver.checkHealth(target);
    } catch (error) {
      result = { healthy: false, detail: (error as Error).message };
    }
    if (this.entries.get(target.instanceId) !== entry) return;
    const change = this.judge(entry, result);
    if (change) {
      try {
        await this.options.onChange(target, change);
        target.state = change.state;
        target.lastCheck = change.detail;
      } catch (error) {
        this.options.onError(error, target.instanceId);
      }
      if (this.entries.get(target.instanceId) !== entry) return;
    }
    this.schedule(entry, this.nextDelay(entry));
  }

  /** What the row should now say, or null when it says it already. */
  private judge(entry: Entry, health: HealthResult): HealthChange | null {
    const { target } = entry;
    if (health.healthy) {
      entry.failures = 0;
      return target.state === "Healthy" ? null : { state: "Healthy", detail: health.detail, healthy: true };
    }
    entry.failures += 1;
    // A doubtful failure changes nothing anyone sees (a loaded machine makes many): it is written
    // only if the checks that follow confirm it.
    const doubtful = target.state === "Healthy" && entry.failures < UNHEALTHY_AFTER_FAILURES && !health.unreachable;
    if (doubtful) return null;
    const state: InstanceState = target.state === "Starting" ? "Starting" : "Unhealthy";
    if (state === target.state && health.detail === target.lastCheck) return null;
    return { state, detail: health.detail, healthy: false };
  }

  private nextDelay(entry: Entry): number {
    const { periods } = this.options;
    if (entry.target.state === "Starting") return periods.startingMs;
    if (entry.target.state === "Healthy") return entry.failures > 0 ? DOUBT_RECHECK_MS : this.onHealthySlot(periods.healthyMs);
    return periods.unhealthyMs;
  }

  /**
   * The delay shortened to the start of its slot (never longer, so a hang is caught as soon), or,
   * when that start is already past, the next slot's.
   */
  private onHealthySlot(delayMs: number): number {
    const slotMs = Math.min(HEALTHY_SLOT_MS, this.options.periods.healthyMs / 4);
    const now = Date.now();
    const due = Math.floor((now + delayMs) / slotMs) * slotMs;
    return (due < now ? due + slotMs : due) - now;
  }
}

function sameLaunch(a: WatchedInstance, b: WatchedInstance): boolean {
  return a.host === b.host && a.port === b.port && a.healthPath === b.healthPath && a.startedAt?.getTime() === b.startedAt?.getTime();
}
