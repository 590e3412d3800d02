// R16 Modify: judge a change with the deploy rules (validateModifyRequest), move the quota by the
// difference, write the new configuration and a numbered revision, all under the user's row lock.
// What reaches the instances is the worker's job: a change that touches only what the gateway reads
// applies here at once; anything else puts the service in Updating and the reconciler rolls it out.
import { randomUUID } from "node:crypto";
import {
  DeployServiceRequestSchema,
  MODIFIABLE_FIELDS,
  canModify,
  describeChanges,
  effectiveAutoStopHours,
  invalidTransitionProblem,
  previewModify,
  quotaDifference,
  validateModifyRequest,
  type DeployContext,
  type DeployServiceRequest,
  type ModifyPreview,
  type ServiceChange,
  type ServiceDetail,
} from "@rts/contracts";
import type { Prisma, PrismaClient, ServiceState } from "@rts/db";
import type { JobQueue } from "../../jobs/job-queue.ts";
import { HttpProblem } from "../../plugins/http-problem.ts";
import type { RuntimeCapacity } from "../../runtime/runtime-driver.ts";
import { loadDeployContext } from "../catalogue/catalogue-queries.ts";
import { lockUser } from "../db-client.ts";
import { changeQuota } from "../quota/quota-ledger.ts";
import type { EnvVarCipher, StoredEnvVar } from "../secrets/env-encryption.ts";
import { autoStopAtFrom } from "./auto-stop-time.ts";
import { checkRevision, expectedRevision } from "./revision-precondition.ts";
import { requestHash, storeAnswer, storedAnswer } from "./idempotency.ts";
import { getService } from "./service-queries.ts";
import {
  readCurrentSpec,
  readRevision,
  recordRevision,
  routingOf,
  settingsColumns,
  specAsRequest,
  type RevisionConfiguration,
  type RevisionOrigin,
  type RevisionSpec,
} from "./service-revisions.ts";
import { notifyServiceState, transitionService } from "./state-transitions.ts";

// The same advisory lock deploys take, so modifies and deploys measure the public machine in turn.
const PUBLIC_POOL_CAPACITY_LOCK = 7_318_001;
const RUNNING_STATES: readonly ServiceState[] = ["Running", "Concerning", "Abnormal"];

export interface ModifyOptions {
  /** The If-Match header as sent. */
  ifMatch?: string | undefined;
  idempotencyKey?: string | undefined;
  capacity?: RuntimeCapacity | null;
}

export interface ModifyOutcome {
  service: ServiceDetail;
  replayed: boolean;
}

type LoadedService = Prisma.ServiceGetPayload<{ include: { pools: { orderBy: { position: "asc" } } } }>;

async function loadOwned(db: Prisma.TransactionClient | PrismaClient, userId: string, serviceId: string): Promise<LoadedService> {
  const service = await db.service.findFirst({ where: { id: serviceId, ownerId: userId }, include: { pools: { orderBy: { position: "asc" } } } });
  if (!service) throw HttpProblem.notFound("service");
  return service;
}

function fixedFields(service: LoadedService) {
  return {
    name: service.name,
    poolType: service.poolType,
    poolIds: service.pools.map((p) => p.poolId),
    multiPoolLoadBalancing: service.multiPoolLoadBalancing,
    websocket: service.websocket,
  };
}

async function refuseDuringRollout(tx: Prisma.TransactionClient, serviceId: string): Promise<void> {
  const active = await tx.rollout.findFirst({ where: { serviceId, state: { in: ["Running", "Paused"] } }, select: { id: true } });
  if (active) {
    throw HttpProblem.conflict("A progressive rollout is in progress on this service. Promote or abort it before changing the service.");
  }
}

/** ?dryRun=true: the verdict, what changes and restarts, and the quota and cost difference; writes nothing. */
export async function previewModification(
  prisma: PrismaClient,
  cipher: EnvVarCipher,
  userId: string,
  serviceId: string,
  body: unknown,
  options: ModifyOptions,
): Promise<ModifyPreview> {
  const service = await loadOwned(prisma, userId, serviceId);
  checkRevision(expectedRevision(options.ifMatch, body), service.revision, false);
  const spec = await readCurrentSpec(prisma, service.id);
  const current = specAsRequest(spec!, fixedFields(service), cipher);
  const preview = previewModify(body, current, await loadDeployContext(prisma, userId, options.capacity ?? null), service.revision);
  if (!canModify(service.state)) {
    const refusal = invalidTransitionProblem("modify", service.state).detail;
    return { ...preview, valid: false, issues: [...preview.issues, { rule: "R16", path: "", message: refusal }] };
  }
  return preview;
}

export async function modifyService(
  prisma: PrismaClient,
  jobs: JobQueue,
  cipher: EnvVarCipher,
  userId: string,
  serviceId: string,
  body: unknown,
  options: ModifyOptions,
): Promise<ModifyOutcome> {
  const hash = requestHash("PATCH", serviceId, body, options.ifMatch ?? null);
  return changeUnderLock(prisma, userId, options, async (tx) => {
    if (options.idempotencyKey) {
      const previous = await storedAnswer<ServiceDetail>(tx, userId, options.idempotencyKey, hash);
      if (previous) return { service: previous, replayed: true };
    }
    const detail = await judgeAndApply(tx, jobs, cipher, userId, serviceId, body, body, options, { origin: "modify" });
    if (options.idempotencyKey) await storeAnswer(tx, userId, options.idempotencyKey, hash, 202, detail);
    return { service: detail, replayed: false };
  });
}

/** Restores an earlier revision through the same path as a modify (rules, quota, rolling update). */
export async function restoreRevision(
  prisma: PrismaClient,
  jobs: JobQueue,
  cipher: EnvVarCipher,
  userId: string,
  serviceId: string,
  number: number,
  body: unknown,
  options: ModifyOptions & { dryRun?: boolean },
): Promise<{ kind: "preview"; preview: ModifyPreview } | { kind: "restored"; service: ServiceDetail }> {
  const service = await loadOwned(prisma, userId, serviceId);
  const target = await readRevision(prisma, service.id, number);
  if (!target) throw HttpProblem.notFound("revision");
  const restored = specAsRequest(target, fixedFields(service), cipher);
  const patch = Object.fromEntries(MODIFIABLE_FIELDS.map((field) => [field, restored[field]]));
  if (options.dryRun) return { kind: "preview", preview: await previewModification(prisma, cipher, userId, serviceId, patch, options) };
  const detail = await changeUnderLock(prisma, userId, options, (tx) =>
    judgeAndApply(tx, jobs, cipher, userId, serviceId, patch, body, options, {
      origin: "restore",
      reason: `Restores revision ${number}.`,
      reuse: target,
      restoring: number,
    }),
  );
  return { kind: "restored", service: detail };
}

/** One change at a time per user (R12), and per machine for the public pool's capacity (R7). */
function changeUnderLock<T>(prisma: PrismaClient, userId: string, options: ModifyOptions, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await lockUser(tx, userId);
      if (options.capacity) await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PUBLIC_POOL_CAPACITY_LOCK})`;
      return work(tx);
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
}

async function judgeAndApply(
  tx: Prisma.TransactionClient,
  jobs: JobQueue,
  cipher: EnvVarCipher,
  userId: string,
  serviceId: string,
  patch: unknown,
  body: unknown,
  options: ModifyOptions,
  how: { origin: RevisionOrigin; reason?: string; reuse?: RevisionSpec; restoring?: number },
): Promise<ServiceDetail> {
  const service = await loadOwned(tx, userId, serviceId);
  checkRevision(expectedRevision(options.ifMatch, body), service.revision, true);
  if (how.restoring === service.revision) throw HttpProblem.conflict(`Revision ${how.restoring} is the one the service is at; there is nothing to restore.`);
  if (!canModify(service.state)) throw new HttpProblem(invalidTransitionProblem("modify", service.state));
  await refuseDuringRollout(tx, service.id);
  const spec = (await readCurrentSpec(tx, service.id))!;
  const current = specAsRequest(spec, fixedFields(service), cipher);
  const context = await loadDeployContext(tx, userId, options.capacity ?? null);
  const verdict = validateModifyRequest(patch, current, context);
  if (!verdict.ok) throw HttpProblem.validation(verdict.issues);
  await applyChange(tx, jobs, cipher, {
    service,
    before: DeployServiceRequestSchema.parse(current),
    beforeSpec: spec,
    after: verdict.value,
    context,
    origin: how.origin,
    ...(how.reason ? { reason: how.reason } : {}),
    ...(how.reuse ? { reuse: how.reuse } : {}),
  });
  return getService(tx, userId, service.id);
}

interface Change {
  service: Pick<LoadedService, "id" | "ownerId" | "name" | "state" | "revision" | "timeoutMinutes">;
  before: DeployServiceRequest;
  beforeSpec: RevisionSpec;
  after: DeployServiceRequest;
  context: DeployContext;
  origin: RevisionOrigin;
  reason?: string;
  /** A revision whose specIds are taken back where its settings match, so its instances are kept. */
  reuse?: RevisionSpec;
}

function sameEnv(a: ReadonlyArray<{ key: string; value: string }>, b: ReadonlyArray<{ key: string; value: string }>): boolean {
  return a.length === b.length && a.every((v, i) => v.key === b[i]?.key && v.value === b[i]?.value);
}

/**
 * Writes `after` over the service. Each version's specId stays when what its instances run (version,
 * flavor, env values) is unchanged, comes back from `reuse` when it matches that, and is new otherwise.
 */
async function writeConfigurations(tx: Prisma.TransactionClient, cipher: EnvVarCipher, change: Change): Promise<void> {
  const { service, before, beforeSpec, after } = change;
  const stored = new Map(beforeSpec.configurations.map((c) => [c.versionId, c]));
  const rows = await tx.versionConfiguration.findMany({ where: { serviceId: service.id } });
  const rowOf = new Map(rows.map((r) => [r.versionId, r]));
  for (const [position, c] of after.configurations.entries()) {
    const old = before.configurations.find((b) => b.versionId === c.versionId);
    const kept = stored.get(c.versionId);
    const reused = change.reuse?.configurations.find(
      (r) => r.versionId === c.versionId && r.flavorId === c.flavorId && sameEnv(cipher.open(r.envVars), c.envVars),
    );
    let specId: string;
    let envVars: StoredEnvVar[];
    if (old && kept && old.flavorId === c.flavorId && sameEnv(old.envVars, c.envVars)) {
      specId = kept.specId;
      envVars = kept.envVars;
    } else if (reused) {
      specId = reused.specId;
      envVars = reused.envVars;
    } else {
      specId = randomUUID();
      envVars = cipher.seal(c.envVars);
    }
    const data = {
      position,
      trafficRatio: c.trafficRatio,
      flavorId: c.flavorId,
      computeNodes: c.computeNodes,
      envVars: envVars as unknown as Prisma.InputJsonValue,
      specId,
    };
    const row = rowOf.get(c.versionId);
    if (row) await tx.versionConfiguration.update({ where: { id: row.id }, data });
    else await tx.versionConfiguration.create({ data: { ...data, serviceId: service.id, versionId: c.versionId } });
  }
  const removed = rows.filter((r) => !after.configurations.some((c) => c.versionId === r.versionId)).map((r) => r.id);
  if (removed.length > 0) await tx.versionConfiguration.deleteMany({ where: { id: { in: removed } } });
}

function sentence(changes: readonly ServiceChange[]): string {
  if (changes.length === 0) return "nothing changed";
  return changes.map((c) => (c.from !== null && c.to !== null ? `${c.label}: ${c.from} -> ${c.to}` : c.to !== null ? `${c.label} (${c.to})` : c.label)).join("; ");
}

/** Applies a judged change; shared by modify, restore and the automatic rollback. */
export async function applyChange(tx: Prisma.TransactionClient, jobs: JobQueue, cipher: EnvVarCipher, change: Change): Promise<void> {
  const { service, before, after, context } = change;
  const summary = describeChanges(before, after, context);
  if (after.resourcePool.type === "public") {
    const moved = await changeQuota(
      tx,
      { userId: service.ownerId, serviceId: service.id, holderName: service.name },
      quotaDifference(before, after, context),
      `service ${change.origin === "modify" ? "modified" : change.origin === "restore" ? "restored" : "rolled back"} (revision ${service.revision + 1})`,
    );
    if (!moved) throw HttpProblem.conflict("Quota changed while modifying; try again.");
  }
  await writeConfigurations(tx, cipher, change);

  const now = new Date();
  const running = RUNNING_STATES.includes(service.state);
  const rolling = running && !summary.appliesAtOnce;
  const hours = effectiveAutoStopHours(after, context);
  const autoStopChanged = hours !== effectiveAutoStopHours(before, context);
  const revision = service.revision + 1;
  const routing = routingOf(after.configurations);
  await tx.service.update({
    where: { id: service.id },
    data: {
      revision,
      ...settingsColumns(after),
      // The countdown restarts when its length changes; a stopped service has none.
      ...(autoStopChanged && (running || service.state === "Deploying")
        ? { autoStopAt: autoStopAtFrom(now, hours) }
        : {}),
      // Until the new instances are healthy the gateway keeps the split it has.
      ...(rolling ? { updateDeadline: new Date(now.getTime() + after.timeoutMinutes * 60_000) } : { routing }),
    },
  });
  await recordRevision(tx, {
    serviceId: service.id,
    number: revision,
    origin: change.origin,
    spec: (await readCurrentSpec(tx, service.id))!,
    changes: summary.changes,
    restarts: summary.restarts,
    outcome: rolling ? "Applying" : "Applied",
    reason: change.reason ?? null,
  });
  const what = sentence(summary.changes);
  const label = change.origin === "rollback" ? "Rolled back" : change.origin === "restore" ? "Restored" : "Modified";
  if (rolling) {
    const steps = [
      summary.startsInstances ? "start the new instances while the current ones keep serving" : null,
      "move traffic once every new instance is healthy",
      summary.stopsInstances ? "then drain and stop the replaced ones" : null,
    ].filter(Boolean);
    await transitionService(tx, {
      serviceId: service.id,
      ownerId: service.ownerId,
      from: service.state,
      to: "Updating",
      type: change.origin === "rollback" ? "RollbackStarted" : "UpdateStarted",
      reason: `${label} to revision ${revision}${change.reason ? ` (${change.reason})` : ""}: ${what}. The update will ${steps.join(", ")}; if the new instances are not healthy within ${after.timeoutMinutes} min, revision ${service.revision} comes back by itself.`,
    });
    await jobs.enqueueInTransaction(tx, { serviceId: service.id, action: "deploy", requestedAt: now.toISOString() });
    return;
  }
  const when = running ? "applied at once, no instance restarted" : `the service is ${service.state}; it takes effect at the next start`;
  await tx.serviceEvent.create({
    data: { serviceId: service.id, type: label, reason: `${label} to revision ${revision}${change.reason ? ` (${change.reason})` : ""}: ${what}; ${when}.` },
  });
  await notifyServiceState(tx, { serviceId: service.id, ownerId: service.ownerId, state: service.state, stateReason: null });
}

/**
 * The update to the current revision failed or was cancelled: the last applied revision comes back
 * (as a new revision, origin "rollback"), with its specIds, so the instances still running it keep
 * serving and the new ones are stopped. Called by the worker and by cancel.
 */
export async function rollBackUpdate(
  tx: Prisma.TransactionClient,
  jobs: JobQueue,
  cipher: EnvVarCipher,
  serviceId: string,
  reason: string,
): Promise<boolean> {
  const service = await tx.service.findUnique({ where: { id: serviceId }, include: { pools: { orderBy: { position: "asc" } } } });
  if (!service || service.state !== "Updating") return false;
  const failed = await tx.serviceRevision.findUnique({ where: { serviceId_number: { serviceId, number: service.revision } } });
  const previous = await tx.serviceRevision.findFirst({
    where: { serviceId, number: { lt: service.revision }, outcome: "Applied" },
    orderBy: { number: "desc" },
  });
  if (!previous) return false;
  const previousSpec = previous.spec as unknown as RevisionSpec;
  const spec = (await readCurrentSpec(tx, serviceId))!;
  const fixed = fixedFields(service);
  const context = await loadDeployContext(tx, service.ownerId, null);
  const before = DeployServiceRequestSchema.parse(specAsRequest(spec, fixed, cipher));
  const after = DeployServiceRequestSchema.parse(specAsRequest(previousSpec, fixed, cipher));
  if (failed) await tx.serviceRevision.update({ where: { id: failed.id }, data: { outcome: "RolledBack", reason } });
  await writeConfigurations(tx, cipher, { service, before, beforeSpec: spec, after, context, origin: "rollback", reuse: previousSpec });
  const revision = service.revision + 1;
  await tx.service.update({
    where: { id: serviceId },
    data: {
      revision,
      ...settingsColumns(after),
      routing: routingOf(after.configurations),
      updateDeadline: null,
    },
  });
  if (after.resourcePool.type === "public") {
    await changeQuota(
      tx,
      { userId: service.ownerId, serviceId, holderName: service.name },
      quotaDifference(before, after, context),
      `service rolled back (revision ${revision})`,
      { allowOverLimit: true },
    );
  }
  await recordRevision(tx, {
    serviceId,
    number: revision,
    origin: "rollback",
    spec: (await readCurrentSpec(tx, serviceId))!,
    changes: describeChanges(before, after, context).changes,
    restarts: false,
    outcome: "Applied",
    reason: `Revision ${service.revision} rolled back to revision ${previous.number}: ${reason}`,
  });
  // The reconciler stops the new instances and ends Updating with this revision's reason.
  await jobs.enqueueInTransaction(tx, { serviceId, action: "deploy", requestedAt: new Date().toISOString() });
  return true;
}
