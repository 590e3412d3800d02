// Quota moves only through here: a conditional UPDATE that cannot take `used` past `limit`
// (checked by PostgreSQL, not by this process) plus an append-only ledger entry saying who holds it.
import type { QuotaReport, ResourceAmount } from "@rts/contracts";
import type { Prisma } from "@rts/db";
import type { DbClient } from "../db-client.ts";
import { readQuota } from "../catalogue/catalogue-queries.ts";

export interface QuotaHolder {
  userId: string;
  serviceId?: string;
  poolId?: string;
  holderName: string;
}

export function isZero(amount: ResourceAmount): boolean {
  return amount.vcpus === 0 && amount.memoryGiB === 0 && amount.gpus === 0;
}

function negate(amount: ResourceAmount): ResourceAmount {
  return { vcpus: -amount.vcpus, memoryGiB: -amount.memoryGiB, gpus: -amount.gpus };
}

/**
 * Adds `amount` (negative releases) to the holder's share. Returns false, changing nothing, when
 * the user's limit would be exceeded; releases always succeed and never go below zero.
 */
export async function changeQuota(
  tx: Prisma.TransactionClient,
  holder: QuotaHolder,
  amount: ResourceAmount,
  reason: string,
  options: { allowOverLimit?: boolean } = {},
): Promise<boolean> {
  if (isZero(amount)) return true;
  // Only an automatic rollback may go over: it puts back what the service held a moment ago.
  const enforce = options.allowOverLimit !== true;
  const updated = await tx.$executeRaw`
    UPDATE quotas SET
      "vcpuUsed" = GREATEST(0, "vcpuUsed" + ${amount.vcpus}),
      "memoryGiBUsed" = GREATEST(0, "memoryGiBUsed" + ${amount.memoryGiB}),
      "gpuUsed" = GREATEST(0, "gpuUsed" + ${amount.gpus}),
      "updatedAt" = now()
    WHERE "userId" = ${holder.userId}::uuid
      AND (NOT ${enforce} OR ${amount.vcpus} <= 0 OR "vcpuUsed" + ${amount.vcpus} <= "vcpuLimit")
      AND (NOT ${enforce} OR ${amount.memoryGiB} <= 0 OR "memoryGiBUsed" + ${amount.memoryGiB} <= "memoryGiBLimit")
      AND (NOT ${enforce} OR ${amount.gpus} <= 0 OR "gpuUsed" + ${amount.gpus} <= "gpuLimit")`;
  if (updated === 0) return false;
  await tx.quotaLedgerEntry.create({
    data: {
      userId: holder.userId,
      serviceId: holder.serviceId ?? null,
      poolId: holder.poolId ?? null,
      holderName: holder.holderName,
      vcpus: amount.vcpus,
      memoryGiB: amount.memoryGiB,
      gpus: amount.gpus,
      reason,
    },
  });
  return true;
}

/** Releases whatever the holder still holds according to the ledger. */
export async function releaseAllQuota(tx: Prisma.TransactionClient, holder: QuotaHolder, reason: string): Promise<void> {
  const held = await heldBy(tx, holder);
  await changeQuota(tx, holder, negate(held), reason);
}

async function heldBy(db: DbClient, holder: QuotaHolder): Promise<ResourceAmount> {
  const sum = await db.quotaLedgerEntry.aggregate({
    where: holder.serviceId ? { serviceId: holder.serviceId } : { poolId: holder.poolId ?? "" },
    _sum: { vcpus: true, memoryGiB: true, gpus: true },
  });
  return { vcpus: sum._sum.vcpus ?? 0, memoryGiB: sum._sum.memoryGiB ?? 0, gpus: sum._sum.gpus ?? 0 };
}

/** What is used, by what, and what is left. */
export async function quotaReport(db: DbClient, userId: string): Promise<QuotaReport> {
  const [quota, groups] = await Promise.all([
    readQuota(db, userId),
    db.quotaLedgerEntry.groupBy({
      by: ["serviceId", "poolId", "holderName"],
      where: { userId },
      _sum: { vcpus: true, memoryGiB: true, gpus: true },
    }),
  ]);
  const holders = groups
    .map((g) => ({
      kind: g.serviceId ? ("service" as const) : ("pool" as const),
      id: (g.serviceId ?? g.poolId ?? "") as string,
      name: g.holderName,
      amount: { vcpus: g._sum.vcpus ?? 0, memoryGiB: g._sum.memoryGiB ?? 0, gpus: g._sum.gpus ?? 0 },
    }))
    .filter((h) => h.id && !isZero(h.amount))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    limit: quota.limit,
    used: quota.used,
    left: {
      vcpus: quota.limit.vcpus - quota.used.vcpus,
      memoryGiB: quota.limit.memoryGiB - quota.used.memoryGiB,
      gpus: quota.limit.gpus - quota.used.gpus,
    },
    holders,
  };
}
