// Usage read-back (R13): public-pool services are metered by their own flavor x instances x time,
// dedicated pools by the pool; both as records with a total. Usage is summed exactly per price
// and priced once per total (priceUsage), so many short records add up to the cent.
import { priceUsage, type MeteredUsage, type MeteringRecord, type MeteringSummary, type MeteringTotal } from "@rts/contracts";
import type { Prisma } from "@rts/db";
import type { DbClient } from "../db-client.ts";

export interface MeteringFilter {
  serviceId?: string;
  poolId?: string;
  from?: Date;
  to?: Date;
  /** How many of the newest records to list; totals always cover the whole window. */
  limit?: number;
}

export const MAX_METERING_RECORDS = 1000;

interface UsageGroup extends MeteredUsage {
  key: string;
  id: string;
  name: string;
  milliseconds: bigint;
}

function wholeSeconds(milliseconds: bigint): number {
  return Number((milliseconds + 500n) / 1000n);
}

/** One total per subject, from its usage at each price it was metered at. */
function totals(groups: UsageGroup[]): MeteringTotal[] {
  const bySubject = new Map<string, UsageGroup[]>();
  for (const group of groups) bySubject.set(group.key, [...(bySubject.get(group.key) ?? []), group]);
  return [...bySubject.values()].map((parts) => {
    const milliseconds = parts.reduce((sum, p) => sum + p.milliseconds, 0n);
    return {
      id: parts[0]!.id,
      name: parts[0]!.name,
      seconds: wholeSeconds(milliseconds),
      milliseconds: Number(milliseconds),
      unitMilliseconds: Number(parts.reduce((sum, p) => sum + p.unitMilliseconds, 0n)),
      ...priceUsage(parts),
    };
  });
}

export async function readMetering(db: DbClient, userId: string, filter: MeteringFilter): Promise<MeteringSummary> {
  const where: Prisma.MeteringRecordWhereInput = {
    userId,
    ...(filter.serviceId ? { serviceId: filter.serviceId } : {}),
    ...(filter.poolId ? { poolId: filter.poolId } : {}),
    ...(filter.from || filter.to
      ? { periodStart: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
      : {}),
  };
  const usage = { milliseconds: true, unitMilliseconds: true } as const;
  const [rows, byService, byPool] = await Promise.all([
    filter.limit === 0 ? [] : db.meteringRecord.findMany({ where, orderBy: { periodStart: "desc" }, take: filter.limit ?? MAX_METERING_RECORDS }),
    db.meteringRecord.groupBy({ by: ["serviceId", "serviceName", "pricePerHourCents"], where: { ...where, subject: "service" }, _sum: usage }),
    db.meteringRecord.groupBy({ by: ["poolId", "pricePerHourCents"], where: { ...where, subject: "pool" }, _sum: usage }),
  ]);
  const poolNames = new Map(
    (
      await db.resourcePool.findMany({
        where: { id: { in: byPool.flatMap((p) => (p.poolId ? [p.poolId] : [])) } },
        select: { id: true, name: true },
      })
    ).map((p) => [p.id, p.name]),
  );
  const serviceGroups: UsageGroup[] = byService.map((g) => ({
    key: `${g.serviceId}/${g.serviceName}`,
    id: g.serviceId ?? "",
    name: g.serviceName ?? "(deleted service)",
    pricePerHourCents: g.pricePerHourCents,
    milliseconds: g._sum.milliseconds ?? 0n,
    unitMilliseconds: g._sum.unitMilliseconds ?? 0n,
  }));
  const poolGroups: UsageGroup[] = byPool.map((g) => ({
    key: `${g.poolId}`,
    id: g.poolId ?? "",
    name: (g.poolId && poolNames.get(g.poolId)) || "(deleted pool)",
    pricePerHourCents: g.pricePerHourCents,
    milliseconds: g._sum.milliseconds ?? 0n,
    unitMilliseconds: g._sum.unitMilliseconds ?? 0n,
  }));
  const records: MeteringRecord[] = rows.map((r) => {
    const amount = priceUsage([r]);
    return {
      id: r.id.toString(),
      subject: r.subject === "pool" ? "pool" : "service",
      serviceId: r.serviceId,
      serviceName: r.serviceName,
      poolId: r.poolId,
      flavorId: r.flavorId,
      units: r.units,
      periodStart: r.periodStart.toISOString(),
      periodEnd: r.periodEnd.toISOString(),
      seconds: wholeSeconds(r.milliseconds),
      milliseconds: Number(r.milliseconds),
      unitMilliseconds: Number(r.unitMilliseconds),
      pricePerHourCents: r.pricePerHourCents,
      amountCents: amount.amountCents,
      amountMicroCents: amount.amountMicroCents,
    };
  });
  const total = priceUsage([...serviceGroups, ...poolGroups]);
  return {
    from: filter.from?.toISOString() ?? null,
    to: filter.to?.toISOString() ?? null,
    totalCents: total.amountCents,
    totalMicroCents: total.amountMicroCents,
    services: totals(serviceGroups),
    pools: totals(poolGroups),
    records,
  };
}
