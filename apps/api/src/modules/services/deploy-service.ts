// Deploying a service: judge the request with the shared rules under the user's row lock, write the
// service, hold its quota and enqueue its deploy job in one transaction.
import {
  countNoun,
  effectiveAutoStopHours,
  previewDeploy,
  quotaImpact,
  validateDeployRequest,
  type DeployContext,
  type DeployPreview,
  type DeployServiceRequest,
  type ServiceDetail,
} from "@rts/contracts";
import type { Prisma, PrismaClient } from "@rts/db";
import type { JobQueue } from "../../jobs/job-queue.ts";
import { HttpProblem } from "../../plugins/http-problem.ts";
import { loadDeployContext } from "../catalogue/catalogue-queries.ts";
import { lockUser } from "../db-client.ts";
import { maskEnvVars, type EnvVarCipher } from "../secrets/env-encryption.ts";
import { changeQuota } from "../quota/quota-ledger.ts";
import type { RuntimeCapacity } from "../../runtime/runtime-driver.ts";
import { autoStopAtFrom } from "./auto-stop-time.ts";
import { requestHash, storeAnswer, storedAnswer } from "./idempotency.ts";
import { getService } from "./service-queries.ts";
import { readCurrentSpec, recordRevision, routingOf, settingsColumns } from "./service-revisions.ts";
import { notifyServiceState } from "./state-transitions.ts";

// An arbitrary constant naming the public pool's capacity in PostgreSQL's advisory lock space.
const PUBLIC_POOL_CAPACITY_LOCK = 7_318_001;

export interface DeployOutcome {
  service: ServiceDetail;
  replayed: boolean;
}

export async function previewDeployment(
  prisma: PrismaClient,
  userId: string,
  body: unknown,
  capacity: RuntimeCapacity | null = null,
): Promise<DeployPreview> {
  return previewDeploy(body, await loadDeployContext(prisma, userId, capacity));
}

async function replay(tx: Prisma.TransactionClient, userId: string, key: string, hash: string): Promise<DeployOutcome | null> {
  const service = await storedAnswer<ServiceDetail>(tx, userId, key, hash);
  if (!service) return null;
  // Answers stored before values were masked still hold them; a replay must not show them.
  const configurations = service.configurations.map((c) => ({ ...c, envVars: maskEnvVars(c.envVars) }));
  return { service: { ...service, configurations }, replayed: true };
}

async function createService(
  tx: Prisma.TransactionClient,
  userId: string,
  request: DeployServiceRequest,
  context: DeployContext,
  jobs: JobQueue,
  envVarCipher: EnvVarCipher,
) {
  const impact = quotaImpact(request, context);
  const now = new Date();
  const autoStopHours = effectiveAutoStopHours(request, context);
  const isPublic = request.resourcePool.type === "public";
  const poolIds =
    request.resourcePool.type === "dedicated"
      ? request.resourcePool.poolIds
      : context.pools.filter((pool) => pool.type === "public").map((pool) => pool.id);
  const service = await tx.service.create({
    data: {
      ownerId: userId,
      name: request.name,
      ...settingsColumns(request),
      poolType: isPublic ? "PUBLIC" : "DEDICATED",
      multiPoolLoadBalancing: request.multiPoolLoadBalancing,
      websocket: request.websocket,
      state: "Deploying",
      desiredState: "Running",
      stateReason: "Waiting for the deploy worker to start instances.",
      deployDeadline: new Date(now.getTime() + request.timeoutMinutes * 60_000),
      routing: routingOf(request.configurations),
      autoStopAt: autoStopAtFrom(now, autoStopHours),
      pools: { create: poolIds.map((poolId, position) => ({ poolId, position })) },
      configurations: {
        create: request.configurations.map((c, position) => ({
          versionId: c.versionId,
          position,
          trafficRatio: c.trafficRatio,
          flavorId: c.flavorId,
          computeNodes: c.computeNodes,
          envVars: envVarCipher.seal(c.envVars),
        })),
      },
      events: {
        create: {
          type: "DeployRequested",
          toState: "Deploying",
          reason: `Deploy requested: ${countNoun(request.configurations.length, "version configuration")}, timeout ${request.timeoutMinutes} min.`,
        },
      },
    },
  });
  await recordRevision(tx, { serviceId: service.id, number: 1, origin: "deploy", spec: (await readCurrentSpec(tx, service.id))!, outcome: "Applied" });
  if (impact.holdsQuota) {
    const held = await changeQuota(
      tx,
      { userId, serviceId: service.id, holderName: service.name },
      impact.asked,
      "public-pool service deployed",
    );
    // The rules already checked the quota under the same lock; this guards the invariant in SQL.
    if (!held) throw HttpProblem.conflict("Quota changed while deploying; try again.");
  }
  await jobs.enqueueInTransaction(tx, { serviceId: service.id, action: "deploy", requestedAt: now.toISOString() });
  await notifyServiceState(tx, { serviceId: service.id, ownerId: userId, state: "Deploying", stateReason: service.stateReason });
  return service;
}

export async function deployService(
  prisma: PrismaClient,
  jobs: JobQueue,
  envVarCipher: EnvVarCipher,
  userId: string,
  body: unknown,
  idempotencyKey: string | undefined,
  capacity: RuntimeCapacity | null = null,
): Promise<DeployOutcome> {
  const hash = requestHash(body);
  return prisma.$transaction(
    async (tx) => {
      await lockUser(tx, userId);
      // The public pool's machine is shared by every user: deploys that measure it take turns.
      if (capacity) await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PUBLIC_POOL_CAPACITY_LOCK})`;
      if (idempotencyKey) {
        const previous = await replay(tx, userId, idempotencyKey, hash);
        if (previous) return previous;
      }
      const context = await loadDeployContext(tx, userId, capacity);
      const verdict = validateDeployRequest(body, context);
      if (!verdict.ok) throw HttpProblem.validation(verdict.issues);
      const created = await createService(tx, userId, verdict.value, context, jobs, envVarCipher);
      const detail = await getService(tx, userId, created.id);
      if (idempotencyKey) await storeAnswer(tx, userId, idempotencyKey, hash, 202, detail);
      return { service: detail, replayed: false };
    },
    // Fifty parallel deploys of one user wait for each other on the row lock.
    { maxWait: 30_000, timeout: 30_000 },
  );
}
