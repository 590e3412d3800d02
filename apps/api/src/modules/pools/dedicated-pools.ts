// Dedicated pools hold the user's quota for flavor x nodes from creation until deletion (R12);
// services placed in them change no quota.
import {
  countNoun,
  flavorAmount,
  poolQuotaImpact,
  poolQuotaRefusal,
  type CreatePoolRequest,
  type Pool,
  type ResizePoolRequest,
} from "@rts/contracts";
import type { Prisma, PrismaClient } from "@rts/db";
import { HttpProblem } from "../../plugins/http-problem.ts";
import { listFlavors, listPoolsForUser, readQuota, usedNodesByPool } from "../catalogue/catalogue-queries.ts";
import { lockUser } from "../db-client.ts";
import { changeQuota, releaseAllQuota } from "../quota/quota-ledger.ts";

function fieldProblem(rule: "R3" | "R6" | "R7" | "R12" | "R15", path: string, message: string) {
  return HttpProblem.validation([{ rule, path, message }]);
}

async function ownPool(tx: Prisma.TransactionClient, userId: string, poolId: string) {
  const pool = await tx.resourcePool.findFirst({ where: { id: poolId, ownerId: userId, type: "DEDICATED" }, include: { flavor: true } });
  if (!pool) throw HttpProblem.notFound("resource pool");
  return pool;
}

async function poolView(db: PrismaClient | Prisma.TransactionClient, userId: string, poolId: string): Promise<Pool> {
  const pool = (await listPoolsForUser(db, userId)).find((p) => p.id === poolId);
  if (!pool) throw HttpProblem.notFound("resource pool");
  return pool;
}

export async function createPool(prisma: PrismaClient, userId: string, request: CreatePoolRequest): Promise<Pool> {
  return prisma.$transaction(async (tx) => {
    await lockUser(tx, userId);
    const flavor = (await listFlavors(tx)).find((f) => f.id === request.flavorId);
    if (!flavor) throw fieldProblem("R6", "flavorId", `Specification "${request.flavorId}" does not exist. Choose one from GET /api/v1/specifications.`);
    if (!flavor.available) throw fieldProblem("R6", "flavorId", `Specification "${flavor.name}" is not available in this environment. Choose another one.`);
    if (flavor.free) throw fieldProblem("R6", "flavorId", "Free specifications are for the public pool only; a dedicated pool needs a paid specification.");
    const taken = await tx.resourcePool.findFirst({ where: { ownerId: userId, name: request.name }, select: { id: true } });
    if (taken) throw fieldProblem("R15", "name", `You already have a resource pool named "${request.name}". Choose another name.`);
    const impact = poolQuotaImpact({ flavor, nodeCount: request.nodeCount, currentNodeCount: 0 }, await readQuota(tx, userId));
    if (!impact.fits) throw fieldProblem("R12", "nodeCount", poolQuotaRefusal(impact) ?? "Not enough quota for this pool.");
    const pool = await tx.resourcePool.create({
      data: {
        ownerId: userId,
        name: request.name,
        type: "DEDICATED",
        flavorId: flavor.id,
        nodeCount: request.nodeCount,
        generation: request.generation,
        state: "Running",
      },
    });
    await changeQuota(tx, { userId, poolId: pool.id, holderName: pool.name }, impact.asked, "dedicated pool created");
    return poolView(tx, userId, pool.id);
  });
}

export async function resizePool(prisma: PrismaClient, userId: string, poolId: string, request: ResizePoolRequest): Promise<Pool> {
  return prisma.$transaction(async (tx) => {
    await lockUser(tx, userId);
    const pool = await ownPool(tx, userId, poolId);
    const used = (await usedNodesByPool(tx, userId)).get(pool.id) ?? 0;
    if (request.nodeCount < used) {
      throw fieldProblem("R7", "nodeCount", `Services in this pool use ${countNoun(used, "node")}; the pool cannot shrink below that. Scale down or delete those services first.`);
    }
    const flavor = (await listFlavors(tx)).find((f) => f.id === pool.flavorId)!;
    const impact = poolQuotaImpact({ flavor, nodeCount: request.nodeCount, currentNodeCount: pool.nodeCount }, await readQuota(tx, userId));
    if (!impact.fits) throw fieldProblem("R12", "nodeCount", poolQuotaRefusal(impact) ?? "Not enough quota for this pool size.");
    await tx.resourcePool.update({ where: { id: pool.id }, data: { nodeCount: request.nodeCount } });
    // Growing holds the added nodes' share, shrinking releases the removed nodes' share.
    const delta = flavorAmount(flavor, request.nodeCount - pool.nodeCount);
    await changeQuota(tx, { userId, poolId: pool.id, holderName: pool.name }, delta, `dedicated pool resized from ${pool.nodeCount} to ${countNoun(request.nodeCount, "node")}`);
    return poolView(tx, userId, pool.id);
  });
}

export async function deletePool(prisma: PrismaClient, userId: string, poolId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lockUser(tx, userId);
    const pool = await ownPool(tx, userId, poolId);
    const services = await tx.servicePool.findMany({ where: { poolId: pool.id }, select: { service: { select: { name: true } } } });
    if (services.length > 0) {
      const names = services.map((s) => s.service.name).join(", ");
      throw HttpProblem.conflict(`Resource pool "${pool.name}" still runs ${countNoun(services.length, "service")}: ${names}. Delete them first.`);
    }
    await releaseAllQuota(tx, { userId, poolId: pool.id, holderName: pool.name }, "dedicated pool deleted");
    await tx.resourcePool.delete({ where: { id: pool.id } });
  });
}
