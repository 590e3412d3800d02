// Brings each service's actual state (instance processes, their health) to its desired state
// (Running, Stopped, Deleted), one service at a time. It reads everything from the database each
// pass, so a worker that crashed and restarted simply carries on where the database says it is.
// Passes run when something happened to that service (a job's wake-up, an exit, a health change,
// a deadline or backoff it set a timer for) and in the periodic resync; health checks run on
// their own schedule (health-monitor.ts) and call for a pass only when an instance changed.
import { countNoun } from "@rts/contracts";
import type { Logger } from "pino";
import { readModelServerSpec, type Prisma, type PrismaClient, type ServiceState } from "@rts/db";
import { modelServerLaunch, type InstanceExit, type RuntimeDriver } from "../runtime/runtime-driver.ts";
import { DEFAULT_HEALTH_PATH } from "../runtime/http-health-check.ts";
import type { EnvVarCipher } from "../modules/secrets/env-encryption.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import { rollBackUpdate } from "../modules/services/modify-service.ts";
import { routingOf } from "../modules/services/service-revisions.ts";
import { notifyServiceChange, notifyServiceState, transitionService } from "../modules/services/state-transitions.ts";
import { DEFAULT_HEALTH_PERIODS, HealthMonitor, type HealthChange, type HealthPeriods, type WatchedInstance } from "./health-monitor.ts";
import { autoStopService } from "./auto-stop.ts";
import { planInstances } from "./instance-plan.ts";
import { healthSummary, startingSummary, stateFromInstances } from "./service-health.ts";

const serviceInclude = {
  configurations: {
    include: { version: { include: { application: { select: { name: true } } } }, flavor: { select: { vcpus: true, memoryGiB: true, gpus: true } } },
    orderBy: { position: "asc" },
  },
  pools: { include: { pool: { select: { id: true, name: true } } }, orderBy: { position: "asc" } },
  instances: { orderBy: [{ configurationId: "asc" }, { poolId: "asc" }, { ordinal: "asc" }] },
} satisfies Prisma.ServiceInclude;

type ServiceRow = Prisma.ServiceGetPayload<{ include: typeof serviceInclude }>;
type InstanceRow = ServiceRow["instances"][number];
/** A row the resync read in bulk, and the count of passes that had ended when it read it. */
interface Prefetched {
  row: ServiceRow;
  epoch: number;
}

// During a deploy, an instance that exits this often without ever being healthy fails the deploy
// at once instead of crash-looping until the timeout.
const FAIL_DEPLOY_AFTER_EXITS = 3;
const MAX_RESTART_DELAY_MS = 10_000;
// R16: how long a replaced instance keeps running after the gateway stopped sending it calls, so
// calls already on their way finish. The gateway drops its routing table on the change at once.
export const DEFAULT_DRAIN_MS = 3_000;

export interface ReconcilerOptions {
  prisma: PrismaClient;
  driver: RuntimeDriver;
  workerId: string;
  logger: Logger;
  /** R8: values are stored sealed; they are opened here only, for the instance being started. */
  envVarCipher: EnvVarCipher;
  jobs: JobQueue;
  drainMs?: number;
  healthPeriods?: Partial<HealthPeriods>;
}

export class Reconciler {
  private readonly queue = new Map<string, Promise<void>>();
  // A pass asked for that has not begun yet: whoever asks again joins it (a burst is one pass).
  private readonly queued = new Map<string, Promise<void>>();
  // When each service's latest pass (or recorded exit) ended, counted in `epoch`: a resync uses a
  // row it read in bulk only if nothing of that service ended since it read.
  private epoch = 0;
  private readonly doneAt = new Map<string, number>();
  private resyncing: Promise<void> | null = null;
  // Each active service's row and instance rows as the last resync saw them (their update times).
  private fingerprints = new Map<string, string>();
  private readonly wakeups = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly health: HealthMonitor;
  private readonly restartNotBefore = new Map<string, number>();
  private readonly exitsBeforeHealthy = new Map<string, number>();
  // How each instance last ended ("the process exited with code 1"); a health check that runs
  // after the exit would otherwise hide it in the failure reason.
  private readonly lastExit = new Map<string, string>();
  private readonly removedVersionHealthPaths = new Map<string, string>();
  // Services whose instance rows (or state reason) changed since their last notification: a pass
  // notifies once at its end, however many rows it wrote, so live pages see instances change.
  private readonly changed = new Set<string>();
  private closed = false;

  constructor(private readonly options: ReconcilerOptions) {
    this.health = new HealthMonitor({
      driver: options.driver,
      periods: { ...DEFAULT_HEALTH_PERIODS, ...options.healthPeriods },
      onChange: (target, change) => this.applyHealth(target, change),
      onError: (error, instanceId) => options.logger.error({ err: error, instanceId }, "could not record a health check"),
    });
    options.driver.onExit((exit) =>
      this.recordExit(exit).catch((error: unknown) =>
        options.logger.error({ err: error, instanceId: exit.instanceId }, "could not record an instance exit"),
      ),
    );
  }

  /** Reconciles one service; calls for the same service run one after another. */
  reconcile(serviceId: string, prefetched?: Prefetched): Promise<void> {
    // A stopping worker's instances end as it releases them; those exits must not launch new ones.
    if (this.closed) return Promise.resolve();
    const waiting = this.queued.get(serviceId);
    if (waiting) return waiting;
    const pass = this.serial(serviceId, () => {
      this.queued.delete(serviceId);
      return this.reconcileOnce(serviceId, prefetched);
    });
    this.queued.set(serviceId, pass);
    return pass;
  }

  /** Runs `task` after the service's passes under way or queued. */
  private serial(serviceId: string, task: () => Promise<void>): Promise<void> {
    const previous = this.queue.get(serviceId) ?? Promise.resolve();
    const next = previous
      .then(task)
      .catch((error: unknown) => this.options.logger.error({ err: error, serviceId }, "reconcile failed"))
      .finally(() => {
        this.doneAt.set(serviceId, ++this.epoch);
        if (this.queue.get(serviceId) === next) this.queue.delete(serviceId);
      });
    this.queue.set(serviceId, next);
    return next;
  }

  /** Takes no more work and waits for the passes under way. */
  async close(): Promise<void> {
    this.closed = true;
    this.health.close();
    for (const { timer } of this.wakeups.values()) clearTimeout(timer);
    this.wakeups.clear();
    await Promise.all(this.queue.values());
  }

  /**
   * A pass over every service that has, or should have, instances (one resync at a time): all of
   * them when `full`, else those whose rows changed since the last resync (a write whose wake-up
   * was missed, or another worker's), so a steady fleet costs one light query.
   */
  reconcileAll(options: { full?: boolean } = {}): Promise<void> {
    this.resyncing ??= this.resync(options.full ?? false).finally(() => {
      this.resyncing = null;
    });
    return this.resyncing;
  }

  /**
   * Reads the services to pass in one query and passes each its row: it then costs no further
   * query unless it changes. A row that a pass ending meanwhile made stale is read again by its pass.
   */
  private async resync(full: boolean): Promise<void> {
    const { prisma, driver } = this.options;
    this.doneAt.clear();
    const epoch = this.epoch;
    const active = await prisma.$queryRaw<Array<{ id: string; fingerprint: string }>>`
      SELECT s.id, s."updatedAt"::text || '/' || COALESCE(max(i."updatedAt")::text, '-') || '/' || count(i.id) AS fingerprint
      FROM services s LEFT JOIN instances i ON i."serviceId" = s.id
      WHERE s.state IN ('Deploying', 'Updating', 'Running', 'Concerning', 'Abnormal', 'Stopping', 'Deleting') OR i.id IS NOT NULL
      GROUP BY s.id`;
    const due = full ? active : active.filter((s) => this.fingerprints.get(s.id) !== s.fingerprint);
    this.fingerprints = new Map(active.map((s) => [s.id, s.fingerprint]));
    const services = due.length === 0 ? [] : await prisma.service.findMany({ where: { id: { in: due.map((s) => s.id) } }, include: serviceInclude });
    await Promise.all(services.map((row) => this.reconcile(row.id, { row, epoch })));
    // A process whose instance row is gone (its service was deleted meanwhile) must not live on.
    const running = driver.runningInstanceIds();
    if (running.length > 0) {
      const known = new Set(
        (await prisma.instance.findMany({ where: { id: { in: running } }, select: { id: true } })).map((i) => i.id),
      );
      for (const id of running.filter((id) => !known.has(id))) {
        await driver.stop(id);
        driver.forget(id);
      }
    }
  }

  /** Calls for a pass of the service at `at` (ms), unless one is due sooner. */
  private wakeAt(serviceId: string, at: number): void {
    const current = this.wakeups.get(serviceId);
    if (this.closed || (current && current.at <= at)) return;
    if (current) clearTimeout(current.timer);
    const timer = setTimeout(() => {
      this.wakeups.delete(serviceId);
      void this.reconcile(serviceId);
    }, Math.max(0, at - Date.now()) + 5);
    this.wakeups.set(serviceId, { at, timer });
  }

  private async reconcileOnce(serviceId: string, prefetched?: Prefetched): Promise<void> {
    const fresh = prefetched && (this.doneAt.get(serviceId) ?? 0) <= prefetched.epoch;
    const service = fresh
      ? prefetched.row
      : await this.options.prisma.service.findUnique({ where: { id: serviceId }, include: serviceInclude });
    if (!service) return;
    // R17: the pass at its auto-stop time stops it (through the operator's path, whose job wakes
    // this service again); until then a timer waits for it.
    if (service.autoStopAt && service.desiredState === "Running") {
      if (service.autoStopAt.getTime() <= Date.now() && (await autoStopService(this.options.prisma, this.options.jobs, service.id, new Date()))) return;
      this.wakeAt(service.id, service.autoStopAt.getTime());
    }
    try {
      await this.reconcileService(service);
    } finally {
      if (this.changed.delete(service.id)) await notifyServiceChange(this.options.prisma, { serviceId: service.id, ownerId: service.ownerId });
    }
  }

  private async reconcileService(service: ServiceRow): Promise<void> {
    if (service.desiredState === "Deleted") return this.delete(service);
    if (service.desiredState === "Stopped") return this.stop(service);
    if (service.state === "Failed" || service.state === "Stopped" || service.state === "Stopping" || service.state === "Deleting") {
      if (service.instances.length > 0) await this.removeInstances(service.instances);
      return;
    }
    await this.run(service);
  }

  private async delete(service: ServiceRow): Promise<void> {
    await this.removeInstances(service.instances);
    await this.options.prisma.$transaction(async (tx) => {
      await tx.service.deleteMany({ where: { id: service.id } });
      await notifyServiceState(tx, { serviceId: service.id, ownerId: service.ownerId, state: "Deleted", stateReason: "Deleted; its instances were stopped." });
    });
    this.options.logger.info({ serviceId: service.id }, "service deleted");
  }

  private async stop(service: ServiceRow): Promise<void> {
    const count = service.instances.length;
    await this.removeInstances(service.instances);
    // A service stopped during an update starts next time on the revision it was updating to.
    if (service.updateDeadline !== null) {
      await this.options.prisma.$transaction([
        this.options.prisma.serviceRevision.updateMany({ where: { serviceId: service.id, outcome: "Applying" }, data: { outcome: "Applied" } }),
        this.options.prisma.service.update({ where: { id: service.id }, data: { updateDeadline: null, routing: routingOf(service.configurations) } }),
      ]);
    }
    if (service.state !== "Stopped") {
      await this.transition(service, "Stopped", "Stopped", `Stopped: ${countNoun(count, "instance")} shut down. A public-pool service keeps its quota until deleted.`);
    }
  }

  private async run(service: ServiceRow): Promise<void> {
    const { prisma } = this.options;
    const { slots, outgoing } = await this.ensureInstances(service);
    await this.stopDrained(outgoing);
    const wrote = await Promise.all([
      ...slots.map((instance) => this.driveInstance(service, instance)),
      // A replaced instance still serving keeps its health checks but is never started again.
      ...outgoing.filter((i) => i.serving && !i.drainingSince && this.options.driver.isRunning(i.id)).map((i) => this.driveInstance(service, i)),
    ]);
    const current = wrote.some(Boolean) ? await prisma.instance.findMany({ where: { id: { in: slots.map((i) => i.id) } } }) : slots;
    const healthy = current.filter((i) => i.state === "Healthy").length;
    const total = current.length;

    if (service.state === "Updating") return this.update(service, current, outgoing);
    if (service.state === "Deploying") {
      if (total > 0 && healthy === total) {
        const seconds = service.deployDeadline
          ? Math.max(0, (Date.now() - (service.deployDeadline.getTime() - service.timeoutMinutes * 60_000)) / 1000)
          : 0;
        await this.transition(service, "Running", "Running", `Running: ${total === 1 ? "its instance" : `all ${total} instances`} healthy after ${seconds.toFixed(1)} s.`);
        return;
      }
      const crashing = current.find((i) => (this.exitsBeforeHealthy.get(i.id) ?? 0) >= FAIL_DEPLOY_AFTER_EXITS);
      if (crashing) {
        const last = this.lastExit.get(crashing.id);
        return this.fail(service, current, crashing, `it exited ${FAIL_DEPLOY_AFTER_EXITS} times without becoming healthy (last: ${last ?? "unknown"})`);
      }
      if (service.deployDeadline && Date.now() > service.deployDeadline.getTime()) {
        const stuck = current.find((i) => i.state !== "Healthy") ?? current[0];
        return this.fail(service, current, stuck, `it was not healthy within the ${service.timeoutMinutes}-minute timeout`);
      }
      if (service.deployDeadline) this.wakeAt(service.id, service.deployDeadline.getTime());
      return this.reportProgress(service, `${startingSummary(healthy, total)}${this.whySick(service, current)}`);
    }
    const target = stateFromInstances(healthy, total);
    if (target !== service.state) {
      await this.transition(service, target, target, `${healthSummary(healthy, total)}${this.whySick(service, current)}`);
    }
  }

  /** " Instance 2 of ...: what its last check or exit said." for the first instance not healthy. */
  private whySick(service: ServiceRow, instances: InstanceRow[]): string {
    const sick = instances.find((i) => i.state !== "Healthy");
    if (!sick) return "";
    // An instance already relaunched says only "started"; how it ended is the news.
    const detail = (sick.state === "Starting" || sick.state === "Exited") && this.lastExit.has(sick.id)
      ? `${this.lastExit.get(sick.id)}; it is being restarted`
      : sick.lastCheck ?? "not started yet";
    return ` ${this.describe(service, sick)}: ${detail}.`;
  }

  /**
   * While Deploying the reason follows the instances ("Starting: 1 of 2 instances healthy..."), so
   * a deploy that takes a while says where it is. No event: progress is not a transition.
   */
  private async reportProgress(service: ServiceRow, reason: string): Promise<void> {
    if (reason === service.stateReason) return;
    const moved = await this.options.prisma.service.updateMany({ where: { id: service.id, state: "Deploying" }, data: { stateReason: reason } });
    if (moved.count > 0) this.changed.add(service.id);
  }

  /**
   * R16 rolling update: the new instances start without calls; once all of them are healthy the
   * routing and the serving flags switch in one transaction, the replaced instances drain and stop,
   * and the service is Running on the new revision. A new instance that crash-loops, or a deadline
   * passed, brings the previous revision back instead.
   */
  private async update(service: ServiceRow, slots: InstanceRow[], outgoing: InstanceRow[]): Promise<void> {
    const { prisma } = this.options;
    const waiting = slots.filter((i) => !i.serving);
    if (waiting.length > 0) {
      const crashing = waiting.find((i) => (this.exitsBeforeHealthy.get(i.id) ?? 0) >= FAIL_DEPLOY_AFTER_EXITS);
      const late = service.updateDeadline !== null && Date.now() > service.updateDeadline.getTime();
      if (crashing || late) {
        const culprit = crashing ?? waiting.find((i) => i.state !== "Healthy") ?? waiting[0]!;
        const why = crashing
          ? `it exited ${FAIL_DEPLOY_AFTER_EXITS} times without becoming healthy (last: ${this.lastExit.get(crashing.id) ?? "unknown"})`
          : `it was not healthy within the ${service.timeoutMinutes}-minute timeout`;
        return this.rollBack(service, this.explain(service, culprit, why));
      }
      if (service.updateDeadline) this.wakeAt(service.id, service.updateDeadline.getTime());
      if (!slots.every((i) => i.state === "Healthy")) return;
    }
    const leaving = outgoing.filter((i) => i.serving && !i.drainingSince);
    if (waiting.length > 0 || leaving.length > 0) {
      await prisma.$transaction(async (tx) => {
        await tx.instance.updateMany({ where: { id: { in: waiting.map((i) => i.id) } }, data: { serving: true } });
        await tx.instance.updateMany({ where: { id: { in: leaving.map((i) => i.id) } }, data: { serving: false, drainingSince: new Date() } });
        await tx.service.update({
          where: { id: service.id },
          data: { routing: routingOf(service.configurations) },
        });
        const joined = waiting.length > 0 ? `${slots.length === 1 ? "The instance" : `All ${slots.length} instances`} of revision ${service.revision} ${slots.length === 1 ? "is" : "are"} healthy: traffic moved to them` : "Traffic moved";
        const drained = leaving.length > 0 ? `; ${countNoun(leaving.length, "replaced instance")} ${leaving.length === 1 ? "drains" : "drain"} for ${(this.drainMs / 1000).toFixed(0)} s, then stop` : "";
        await tx.serviceEvent.create({ data: { serviceId: service.id, type: "UpdateTrafficMoved", reason: `${joined}${drained}.` } });
        await notifyServiceState(tx, { serviceId: service.id, ownerId: service.ownerId, state: service.state, stateReason: service.stateReason });
      });
      // The next pass starts the drain's countdown (or, with nothing to drain, completes the update).
      this.wakeAt(service.id, Date.now());
      return;
    }
    if (outgoing.length > 0) return;
    const revision = await prisma.serviceRevision.findUnique({ where: { serviceId_number: { serviceId: service.id, number: service.revision } } });
    const healthy = slots.filter((i) => i.state === "Healthy").length;
    const target = stateFromInstances(healthy, slots.length);
    await prisma.$transaction(async (tx) => {
      if (revision?.outcome === "Applying") await tx.serviceRevision.update({ where: { id: revision.id }, data: { outcome: "Applied" } });
      await tx.service.update({ where: { id: service.id }, data: { updateDeadline: null } });
      await transitionService(tx, {
        serviceId: service.id,
        ownerId: service.ownerId,
        from: service.state,
        to: target,
        type: revision?.origin === "rollback" ? "UpdateRolledBack" : "UpdateCompleted",
        reason:
          revision?.origin === "rollback"
            ? `${revision.reason ?? `Rolled back to revision ${service.revision}.`} The service kept serving throughout.`
            : `Revision ${service.revision} applied: ${healthSummary(healthy, slots.length)} The replaced instances were stopped.`,
      });
    });
  }

  private async rollBack(service: ServiceRow, reason: string): Promise<void> {
    const { prisma, jobs, envVarCipher, logger } = this.options;
    const done = await prisma.$transaction((tx) => rollBackUpdate(tx, jobs, envVarCipher, service.id, reason), { timeout: 30_000 });
    logger.warn({ serviceId: service.id, rolledBack: done }, "update failed; previous revision restored");
  }

  private explain(service: ServiceRow, culprit: InstanceRow, why: string): string {
    const output = this.options.driver.lastOutput(culprit.id) || culprit.lastOutput || "";
    return `${this.describe(service, culprit)} ${why}; last check: ${culprit.lastCheck ?? "none"}. ${output ? `Last output: ${output.slice(-800)}` : "It printed nothing."}`;
  }

  private get drainMs(): number {
    return this.options.drainMs ?? DEFAULT_DRAIN_MS;
  }

  /** Replaced instances stop once drained; ones that never served (or died) go at once. */
  private async stopDrained(outgoing: InstanceRow[]): Promise<void> {
    const now = Date.now();
    const done = outgoing.filter(
      (i) =>
        (i.drainingSince !== null && now - i.drainingSince.getTime() >= this.drainMs) ||
        (!i.serving && i.drainingSince === null) ||
        (!this.options.driver.isRunning(i.id) && i.state !== "Pending"),
    );
    for (const instance of outgoing) {
      if (instance.drainingSince !== null && !done.includes(instance)) this.wakeAt(instance.serviceId, instance.drainingSince.getTime() + this.drainMs);
    }
    if (done.length > 0) {
      await this.removeInstances(done);
      // What the service is without them (an update completes, say) is the next pass's to say.
      this.wakeAt(done[0]!.serviceId, Date.now());
    }
  }

  /**
   * Creates the instance rows the plan asks for that do not exist yet, and sorts the service's
   * instances into the plan's slots and the outgoing ones (a removed version, an old specId, a node
   * scaled away). New rows of an update wait for the switch before taking calls.
   */
  private async ensureInstances(service: ServiceRow): Promise<{ slots: InstanceRow[]; outgoing: InstanceRow[] }> {
    const plan = planInstances(
      service.configurations,
      service.pools.map((p) => p.poolId),
      service.multiPoolLoadBalancing,
    );
    // Slots are matched by version, not configuration row: a rollback that re-creates a removed
    // version's row with its old specId finds that version's instances still running.
    const configurationOf = new Map(service.configurations.map((c) => [c.id, c]));
    const byVersion = new Map(service.configurations.map((c) => [c.versionId, c]));
    const key = (versionId: string, i: { poolId: string; ordinal: number }) => `${versionId}/${i.poolId}/${i.ordinal}`;
    const fits = (i: InstanceRow) => byVersion.get(i.versionId)?.specId === i.specId;
    const planned = new Set(plan.map((p) => key(configurationOf.get(p.configurationId)!.versionId, p)));
    let instances = service.instances;
    const existing = new Set(instances.filter(fits).map((i) => key(i.versionId, i)));
    const missing = plan.filter((p) => !existing.has(key(configurationOf.get(p.configurationId)!.versionId, p)));
    const adrift = instances.filter((i) => fits(i) && i.configurationId !== byVersion.get(i.versionId)!.id);
    for (const instance of adrift) {
      await this.options.prisma.instance.updateMany({ where: { id: instance.id }, data: { configurationId: byVersion.get(instance.versionId)!.id } });
    }
    if (missing.length > 0) {
      const serving = service.state !== "Updating";
      await this.options.prisma.instance.createMany({
        data: missing.map((p) => {
          const c = configurationOf.get(p.configurationId)!;
          return { ...p, serviceId: service.id, flavorId: c.flavorId, versionId: c.versionId, specId: c.specId, state: "Pending" as const, serving };
        }),
        skipDuplicates: true,
      });
    }
    if (missing.length > 0 || adrift.length > 0) {
      this.changed.add(service.id);
      instances = await this.options.prisma.instance.findMany({ where: { serviceId: service.id } });
    }
    const slots = instances.filter((i) => fits(i) && planned.has(key(i.versionId, i)));
    const inSlots = new Set(slots.map((i) => i.id));
    return { slots, outgoing: instances.filter((i) => !inSlots.has(i.id)) };
  }

  /** Starts the instance if it is not running (after its backoff), else keeps its health watched. Answers whether it wrote the row. */
  private async driveInstance(service: ServiceRow, instance: InstanceRow): Promise<boolean> {
    const { driver } = this.options;
    if (!driver.isRunning(instance.id)) {
      this.health.unwatch(instance.id);
      if (instance.workerId && instance.workerId !== this.options.workerId) {
        await driver.reapOrphan(instance.id, instance.pid);
      }
      const notBefore = this.restartNotBefore.get(instance.id) ?? 0;
      if (Date.now() < notBefore) {
        this.wakeAt(service.id, notBefore);
        return false;
      }
      return this.launch(service, instance);
    }
    if (!instance.port) return false;
    this.health.watch({
      instanceId: instance.id,
      serviceId: service.id,
      host: instance.host ?? "127.0.0.1",
      port: instance.port,
      healthPath: await this.healthPathOf(service, instance.versionId),
      startedAt: instance.startedAt,
      state: instance.state,
      lastCheck: instance.lastCheck,
    });
    return false;
  }

  /** Writes what a health check found (for the launch it checked), then a pass of its service follows. */
  private applyHealth(target: WatchedInstance, change: HealthChange): Promise<void> {
    const { prisma, driver } = this.options;
    return this.serial(target.serviceId, async () => {
      if (this.closed) return;
      if (change.healthy) this.exitsBeforeHealthy.delete(target.instanceId);
      const output = driver.lastOutput(target.instanceId);
      const written = await prisma.instance.updateMany({
        where: { id: target.instanceId, startedAt: target.startedAt },
        data: change.healthy
          ? { state: change.state, healthyAt: new Date(), lastCheck: change.detail }
          : { state: change.state, lastCheck: change.detail, ...(output ? { lastOutput: output } : {}) },
      });
      if (written.count === 0) return;
      this.changed.add(target.serviceId);
      await this.reconcileOnce(target.serviceId);
    });
  }

  /**
   * The version's readiness path. An instance of a version a modify removed keeps serving while
   * the update runs, and is checked on its own path although its configuration is gone; versions
   * never change once built, so what was read once holds.
   */
  private async healthPathOf(service: ServiceRow, versionId: string): Promise<string> {
    const configured = service.configurations.find((c) => c.versionId === versionId)?.version.healthPath;
    if (configured) return configured;
    let known = this.removedVersionHealthPaths.get(versionId);
    if (known === undefined) {
      const version = await this.options.prisma.aiApplicationVersion.findUnique({ where: { id: versionId }, select: { healthPath: true } });
      known = version?.healthPath ?? DEFAULT_HEALTH_PATH;
      this.removedVersionHealthPaths.set(versionId, known);
    }
    return known;
  }

  private async launch(service: ServiceRow, instance: InstanceRow): Promise<boolean> {
    const configuration = service.configurations.find((c) => c.id === instance.configurationId);
    if (!configuration) return false;
    const { version } = configuration;
    const launched = await this.options.driver
      .launch({
        instanceId: instance.id,
        serviceId: service.id,
        configurationId: configuration.id,
        ownerId: service.ownerId,
        ...modelServerLaunch(readModelServerSpec(version.modelServer)),
        healthPath: version.healthPath,
        modelName: version.application.name,
        modelVersion: version.version,
        env: this.options.envVarCipher.open(configuration.envVars),
        limits: configuration.flavor,
      })
      .catch(async (error: unknown) => {
        // The runtime refused to start it (an image gone from the engine, say): it counts as an
        // exit, so it is retried with backoff and a deploy fails with the runtime's words.
        this.options.logger.warn({ err: error, instanceId: instance.id }, "instance could not be started");
        await this.recordExit({ instanceId: instance.id, code: null, signal: null, reason: `it could not be started: ${(error as Error).message.trim()}` });
        return null;
      });
    if (!launched) return false;
    const startedAt = new Date();
    const lastCheck = `started; waiting for GET ${version.healthPath} to answer 200`;
    await this.options.prisma.instance.updateMany({
      where: { id: instance.id },
      data: {
        state: "Starting",
        pid: launched.pid,
        host: launched.host,
        port: launched.port,
        workerId: this.options.workerId,
        startedAt,
        healthyAt: null,
        exitedAt: null,
        lastCheck,
        ...(instance.startedAt ? { restarts: { increment: 1 } } : {}),
      },
    });
    this.changed.add(service.id);
    this.health.watch({
      instanceId: instance.id,
      serviceId: service.id,
      host: launched.host,
      port: launched.port,
      healthPath: version.healthPath,
      startedAt,
      state: "Starting",
      lastCheck,
    });
    return true;
  }

  private async recordExit({ instanceId, code, signal, reason: how }: InstanceExit): Promise<void> {
    const { prisma, driver } = this.options;
    this.health.unwatch(instanceId);
    const instance = await prisma.instance.findUnique({ where: { id: instanceId }, select: { state: true, restarts: true, serviceId: true } });
    if (!instance) return;
    if (instance.state !== "Healthy") this.exitsBeforeHealthy.set(instanceId, (this.exitsBeforeHealthy.get(instanceId) ?? 0) + 1);
    const delay = Math.min(MAX_RESTART_DELAY_MS, 250 * 2 ** Math.min(instance.restarts, 6));
    this.restartNotBefore.set(instanceId, Date.now() + delay);
    this.lastExit.set(instanceId, how);
    await prisma.instance.updateMany({
      where: { id: instanceId },
      data: { state: "Exited", exitedAt: new Date(), lastCheck: how, lastOutput: driver.lastOutput(instanceId) },
    });
    this.changed.add(instance.serviceId);
    // Written outside the service's passes: a row the resync read before this is stale.
    this.doneAt.set(instance.serviceId, ++this.epoch);
    this.options.logger.warn({ instanceId, code, signal }, "instance exited");
    void this.reconcile(instance.serviceId);
  }

  private async fail(service: ServiceRow, instances: InstanceRow[], culprit: InstanceRow | undefined, why: string): Promise<void> {
    const detail = culprit ? this.explain(service, culprit, why) : why;
    await this.removeInstances(instances);
    // A failed service has nothing running to stop; start sets a new countdown.
    await this.options.prisma.service.update({ where: { id: service.id }, data: { autoStopAt: null } });
    await this.transition(service, "Failed", "DeployFailed", `Deployment failed: ${detail} Its instances were cleaned up.`);
  }

  private describe(service: ServiceRow, instance: InstanceRow): string {
    const configuration = service.configurations.find((c) => c.id === instance.configurationId);
    const pool = service.pools.find((p) => p.poolId === instance.poolId)?.pool.name ?? "its pool";
    const version = configuration ? `${configuration.version.application.name} ${configuration.version.version}` : "unknown version";
    return `Instance ${instance.ordinal + 1} of ${version} in ${pool}`;
  }

  private async removeInstances(instances: Array<{ id: string; serviceId: string; pid: number | null; workerId: string | null }>): Promise<void> {
    const { driver, prisma } = this.options;
    await Promise.all(
      instances.map(async (instance) => {
        await driver.stop(instance.id);
        if (instance.workerId && instance.workerId !== this.options.workerId) await driver.reapOrphan(instance.id, instance.pid);
        driver.forget(instance.id);
        this.health.unwatch(instance.id);
        this.restartNotBefore.delete(instance.id);
        this.exitsBeforeHealthy.delete(instance.id);
        this.lastExit.delete(instance.id);
      }),
    );
    if (instances.length === 0) return;
    await prisma.instance.deleteMany({ where: { id: { in: instances.map((i) => i.id) } } });
    for (const instance of instances) this.changed.add(instance.serviceId);
  }

  private async transition(service: ServiceRow, to: ServiceState, type: string, reason: string): Promise<void> {
    await this.options.prisma.$transaction((tx) =>
      transitionService(tx, { serviceId: service.id, ownerId: service.ownerId, from: service.state, to, type, reason }),
    );
    this.options.logger.info({ serviceId: service.id, from: service.state, to }, "service state changed");
  }
}
