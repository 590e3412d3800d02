// R16 rollouts, the worker's side. Level-triggered: every tick it reads each running rollout from its
// row and closes the gap, so a restarted worker simply carries on. For a running rollout it watches
// the gaining versions over the current step's window (gateway measurements per version and second):
//   - a clear breach mid-bake, or any breach once the bake is over, sends traffic back to the start
//     ratios at once (RolledBack, with the guard and the numbers);
//   - a bake that is over and passed moves traffic one step on, or completes at the target (every
//     step bakes, the last one included), making the target the configurations' ratios;
//   - a bake that is over without enough calls for the guards keeps baking: nothing moves unjudged,
//     and after three bake times the service's events say what the step waits for.
// A service that stops, is deleted or starts an update aborts its rollout; an Abnormal one (every
// instance down, recovering by itself) holds it. A paused rollout is left alone.
//
// The bake is judged only once the gateway has surely written its last second (METRICS_SETTLE_MS
// after it), so the judgement sees every call of the bake.
import type { Logger } from "pino";
import { describeSplit, sameSplit, nextRatios, type RolloutVersion } from "@rts/contracts";
import type { Prisma, PrismaClient, ServiceState } from "@rts/db";
import { METRICS_FLUSH_INTERVAL_MS, readVersionWindows, secondOf } from "../gateway/metrics.ts";
import { lockUser, type DbClient } from "../modules/db-client.ts";
import { judgeGuards, type GuardVerdict } from "../modules/rollouts/rollout-guards.ts";
import { guardsOf, serviceVersions, splitOf, stepLabel, type RolloutRow } from "../modules/rollouts/rollout-records.ts";
import { completeRollout, endRollout, rolloutEvent, routeBy, withStep } from "../modules/rollouts/rollout-transitions.ts";

/** A second's calls are in the database this long after it ended (the gateway flushes every 2 s). */
export const METRICS_SETTLE_MS = METRICS_FLUSH_INTERVAL_MS + 1_500;
/** Bake times without enough calls before the step says what it waits for. */
const WAITING_NOTE_AFTER_BAKES = 3;
const SERVING_STATES: readonly ServiceState[] = ["Running", "Concerning"];
// Instances restart by themselves; the rollout holds until some are back.
const HOLDING_STATES: readonly ServiceState[] = ["Abnormal"];

export interface RolloutControllerOptions {
  prisma: PrismaClient;
  logger: Logger;
  /** The clock, in ms (tests move it on instead of waiting). */
  now?: () => number;
  metricsSettleMs?: number;
}

type Plan =
  | { kind: "nothing" }
  | { kind: "abort"; serviceState: ServiceState; keepRouting: boolean }
  | { kind: "judged"; verdict: GuardVerdict; windowSeconds: number; versions: RolloutVersion[] };

type Locked = RolloutRow & { ownerId: string; serviceState: ServiceState };

export class RolloutController {
  private readonly now: () => number;
  private readonly settleMs: number;

  constructor(private readonly options: RolloutControllerOptions) {
    this.now = options.now ?? Date.now;
    this.settleMs = options.metricsSettleMs ?? METRICS_SETTLE_MS;
  }

  /** One pass over every running or paused rollout; answers how many there are. */
  async tick(): Promise<number> {
    const active = await this.options.prisma.rollout.findMany({ where: { state: { in: ["Running", "Paused"] } }, select: { id: true } });
    for (const { id } of active) {
      try {
        await this.reconcile(id);
      } catch (error) {
        this.options.logger.error({ err: error, rolloutId: id }, "rollout step failed; retrying next tick");
      }
    }
    return active.length;
  }

  /** Reads first without locks (most ticks find a step still baking), then acts on the locked row. */
  async reconcile(rolloutId: string): Promise<void> {
    const seen = await this.load(this.options.prisma, rolloutId);
    if (!seen || (await this.plan(this.options.prisma, seen)).kind === "nothing") return;
    await this.options.prisma.$transaction(
      async (tx) => {
        // Another worker on this rollout right now: it acts, this one moves on.
        const [claim] = await tx.$queryRaw<Array<{ ok: boolean }>>`SELECT pg_try_advisory_xact_lock(hashtext(${`rollout:${rolloutId}`})) AS ok`;
        if (!claim?.ok) return;
        // The same order as the API's actions (user, then rollout), so they queue instead of deadlocking.
        await lockUser(tx, seen.ownerId);
        await tx.$queryRaw`SELECT id FROM rollouts WHERE id = ${rolloutId}::uuid FOR UPDATE`;
        const row = await this.load(tx, rolloutId);
        if (!row) return;
        await this.act(tx, row, await this.plan(tx, row));
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
  }

  private async load(db: DbClient, rolloutId: string): Promise<Locked | null> {
    const row = await db.rollout.findUnique({ where: { id: rolloutId }, include: { service: { select: { ownerId: true, state: true } } } });
    if (!row || (row.state !== "Running" && row.state !== "Paused")) return null;
    const { service, ...rollout } = row;
    return { ...rollout, ownerId: service.ownerId, serviceState: service.state };
  }

  private async plan(db: DbClient, row: Locked): Promise<Plan> {
    if (!SERVING_STATES.includes(row.serviceState) && !HOLDING_STATES.includes(row.serviceState)) {
      // An update of the service owns the split from now on.
      return { kind: "abort", serviceState: row.serviceState, keepRouting: row.serviceState === "Updating" };
    }
    if (row.state === "Paused" || HOLDING_STATES.includes(row.serviceState)) return { kind: "nothing" };

    const now = this.now();
    const startedAt = row.stepStartedAt.getTime();
    const settled = now - this.settleMs;
    const final = settled - startedAt >= row.bakeSeconds * 1000;
    const until = final ? secondOf(settled) : new Date(now);
    if (until.getTime() <= startedAt) return { kind: "nothing" };
    const { guards, baselineVersionId } = guardsOf(row);
    const start = splitOf(row.startRatios);
    const target = splitOf(row.targetRatios);
    const window = await readVersionWindows(db, row.serviceId, row.stepStartedAt, until);
    const relative = guards.maxErrorRateVsBaseline !== undefined || guards.maxP99VsBaseline !== undefined;
    const baselineShort = (window.get(baselineVersionId)?.calls ?? 0) < Math.max(1, guards.minCalls);
    const baselineSinceStart = relative && baselineShort ? (await readVersionWindows(db, row.serviceId, row.createdAt, until)).get(baselineVersionId) : undefined;
    const versions = await serviceVersions(db, row.serviceId);
    const windowSeconds = Math.round((until.getTime() - startedAt) / 1000);
    const verdict = judgeGuards({
      guards,
      versions,
      baselineVersionId,
      newVersionIds: target.filter((t) => t.trafficRatio > (start.find((s) => s.versionId === t.versionId)?.trafficRatio ?? 0)).map((t) => t.versionId),
      window,
      baselineSinceStart,
      windowSeconds,
      bakeSeconds: row.bakeSeconds,
      final,
    });
    if (verdict.kind === "baking") return { kind: "nothing" };
    if (verdict.kind === "waiting") {
      if (windowSeconds < WAITING_NOTE_AFTER_BAKES * row.bakeSeconds) return { kind: "nothing" };
      const noted = await db.serviceEvent.findFirst({ where: { serviceId: row.serviceId, type: "RolloutWaitingForCalls", at: { gte: row.stepStartedAt } }, select: { id: true } });
      if (noted) return { kind: "nothing" };
    }
    return { kind: "judged", verdict, windowSeconds, versions };
  }

  private async act(tx: Prisma.TransactionClient, row: Locked, plan: Plan): Promise<void> {
    const now = new Date(this.now());
    if (plan.kind === "nothing") return;
    if (plan.kind === "abort") {
      const versions = await serviceVersions(tx, row.serviceId);
      const traffic = plan.keepRouting ? "the update sets the traffic from now on" : `traffic is back at ${describeSplit(splitOf(row.startRatios), versions)}`;
      const reason = `Aborted at ${stepLabel(row, versions)}: the service is ${plan.serviceState}, and a rollout moves the traffic of a serving service only; ${traffic}.`;
      await endRollout(tx, row, { state: "Aborted", eventType: "RolloutAborted", reason, now, keepRouting: plan.keepRouting });
      return;
    }
    const { verdict, versions } = plan;
    const at = stepLabel(row, versions);
    const current = splitOf(row.currentRatios);
    const target = splitOf(row.targetRatios);
    if (verdict.kind === "waiting") {
      await rolloutEvent(tx, row.serviceId, "RolloutWaitingForCalls", `Rollout waits at ${at}: ${verdict.verdict} Send it traffic, or promote or abort the rollout.`);
      return;
    }
    if (verdict.kind === "breach") {
      const step = { step: row.step, at: now.toISOString(), ratios: current, measurements: verdict.measurements, verdict: verdict.reason };
      const reason = `${verdict.reason} Rolled back at ${at}: traffic is back at ${describeSplit(splitOf(row.startRatios), versions)}.`;
      await endRollout(tx, row, { state: "RolledBack", eventType: "RolloutRolledBack", reason, now, step });
      this.options.logger.warn({ rolloutId: row.id, serviceId: row.serviceId, guard: verdict.guard }, "rollout rolled back by its guard");
      return;
    }
    if (verdict.kind !== "pass") return;
    const step = { step: row.step, at: now.toISOString(), ratios: current, measurements: verdict.measurements, verdict: verdict.verdict };
    if (sameSplit(current, target)) {
      await completeRollout(tx, row, {
        eventType: "RolloutCompleted",
        reason: (revision) =>
          `Completed after ${row.step} step${row.step === 1 ? "" : "s"}, each passing its guards: traffic is at ${describeSplit(target, versions)} and the configurations' ratios match it (revision ${revision}).`,
        now,
        versions,
        step,
      });
      return;
    }
    const next = nextRatios(current, target, row.stepPercent);
    await tx.rollout.update({
      where: { id: row.id },
      data: { currentRatios: next as unknown as Prisma.InputJsonValue, step: row.step + 1, stepStartedAt: now, history: withStep(row, step) },
    });
    await routeBy(tx, row.serviceId, next);
    await rolloutEvent(tx, row.serviceId, "RolloutStep", `Rollout ${at}: ${verdict.verdict} Step ${row.step + 1}: ${describeSplit(next, versions)}.`);
  }
}
