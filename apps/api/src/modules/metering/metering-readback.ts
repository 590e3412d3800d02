// Usage read-back (R13): public-pool services are metered by their own flavor x instances x time,
// dedicated pools by the pool; both as records with a total.
import type { MeteringRecord, MeteringSummary } from "@rts/contracts";
import type { Prisma } from "@rts/db";
import type { DbClient } from "../db-client.ts";

export interface MeteringFilter {
  serviceId?: string;
  poolId?: string;
  from?: Date;
  to?: Date;
}

// The newest records; totals always cover the whole window.
const MAX_RECORDS = 1000;

export async function readMetering(db: DbClient, userId: string, filter: MeteringFilter): Promise<MeteringSummary> {
  const where: Prisma.MeteringRecordWhereInput = {
    userId,
    ...(filter.serviceId ? { serviceId: filter.serviceId } : {}),
    ...(filter.poolId ? { poolId: filter.poolId } : {}),
    ...(filter.from || filter.to
      ? { periodStart: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
      : {}),
  };
  const [rows, byService, byPool] = await Promise.all([
    db.meteringRecord.findMany({ where, orderBy: { periodStart: "desc" }, take: MAX_RECORDS }),
    db.meteringRecord.groupBy({
      by: ["serviceId", "serviceName"],
      where: { ...where, subject: "service" },
      _sum: { seconds: true, amountCents: true },
    }),
    db.meteringRecord.groupBy({ by: ["poolId"], where: { ...where, subject: "pool" }, _sum: { seconds: true, amountCents: true } }),
  ]);
  const poolNames = new Map(
    (
      await db.resourcePool.findMany({
        where: { id: { in: byPool.flatMap((p) => (p.poolId ? [p.poolId] : [])) } },
        select: { id: true, name: true },
      })
    ).map((p) => [p.id, p.name]),
  );
  const services = byService.map((g) => ({
    id: g.serviceId ?? "",
    name: g.serviceName ?? "(deleted service)",
    seconds: g._sum.seconds ?? 0,
    amountCents: g._sum.amountCents ?? 0,
  }));
  const pools = byPool.map((g) => ({
    id: g.poolId ?? "",
    name: (g.poolId && poolNames.get(g.poolId)) || "(deleted pool)",
    seconds: g._sum.seconds ?? 0,
    amountCents: g._sum.amountCents ?? 0,
  }));
  const records: MeteringRecord[] = rows.map((r) => ({
    id: r.id.toString(),
    subject: r.subject === "pool" ? "pool" : "service",
    serviceId: r.serviceId,
    serviceName: r.serviceName,
    poolId: r.poolId,
    flavorId: r.flavorId,
    units: r.units,
    periodStart: r.periodStart.toISOString(),
    periodEnd: r.periodEnd.toISOString(),
    seconds: r.seconds,
    amountCents: r.amountCents,
  }));
  return {
    from: filter.from?.toISOString() ?? null,
    to: filter.to?.toISOString() ?? null,
    totalCents: [...services, ...pools].reduce((sum, t) => sum + t.amountCents, 0),
    services,
    pools,
    records,
  };
}
