// R13: public-pool services are metered by their flavor x running instances x time; dedicated
// pools by their flavor x nodes x time, whatever runs in them. Each subject keeps a watermark
// (`meteredUntil`), so a restarted worker neither skips nor double-counts a period. Records keep
// exact usage to the millisecond, with the price it ran at; money is rounded only when read.
// A period is claimed by moving the watermark under a row lock (services) or from the value read
// (pools), so two recorders running at once (two workers) cannot both bill it.
import { unitMilliseconds } from "@rts/contracts";
import type { PrismaClient } from "@rts/db";

function meteredUsage(units: number, since: Date, now: Date) {
  const milliseconds = now.getTime() - since.getTime();
  return { units, periodStart: since, periodEnd: now, milliseconds: BigInt(milliseconds), unitMilliseconds: unitMilliseconds(units, milliseconds) };
}

interface DueService {
  id: string;
  ownerId: string;
  name: string;
  since: Date;
}

interface RunningUnits {
  serviceId: string;
  flavorId: string;
  units: number;
  price: number;
}

export async function recordMetering(prisma: PrismaClient, now = new Date()): Promise<number> {
  // Every due public-pool service in one transaction of four statements, however many there are:
  // the worker meters each minute, and a transaction per service would cost it more than all its
  // other idle work. The due rows are locked, so a second recorder waits, then finds them moved on.
  let written = await prisma.$transaction(
    async (tx) => {
      const due = await tx.$queryRaw<DueService[]>`
        SELECT id, "ownerId", name, COALESCE("meteredUntil", "createdAt") AS since
        FROM services
        WHERE "poolType" = 'PUBLIC' AND COALESCE("meteredUntil", "createdAt") < ${now}
        FOR UPDATE`;
      if (due.length === 0) return 0;
      const ids = due.map((service) => service.id);
      const running = await tx.$queryRaw<RunningUnits[]>`
        SELECT i."serviceId", i."flavorId", count(*)::int AS units, f."pricePerHourCents" AS price
        FROM instances i JOIN specifications f ON f.id = i."flavorId"
        WHERE i."serviceId" = ANY(${ids}::uuid[]) AND i.state IN ('Starting', 'Healthy', 'Unhealthy')
        GROUP BY i."serviceId", i."flavorId", f."pricePerHourCents"`;
      await tx.$executeRaw`UPDATE services SET "meteredUntil" = ${now} WHERE id = ANY(${ids}::uuid[])`;
      const byId = new Map(due.map((service) => [service.id, service]));
      const records = running.map((r) => {
        const service = byId.get(r.serviceId)!;
        return {
          userId: service.ownerId,
          subject: "service",
          serviceId: service.id,
          serviceName: service.name,
          flavorId: r.flavorId,
          pricePerHourCents: r.price,
          ...meteredUsage(r.units, service.since, now),
        };
      });
      if (records.length > 0) await tx.meteringRecord.createMany({ data: records });
      return records.length;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );

  const pools = await prisma.resourcePool.findMany({
    where: { type: "DEDICATED", state: "Running", ownerId: { not: null }, flavorId: { not: null } },
    select: { id: true, ownerId: true, flavorId: true, nodeCount: true, meteredUntil: true, createdAt: true, flavor: { select: { pricePerHourCents: true } } },
  });
  for (const pool of pools) {
    const since = pool.meteredUntil ?? pool.createdAt;
    if (now.getTime() <= since.getTime()) continue;
    await prisma.$transaction(async (tx) => {
      const claimed = await tx.resourcePool.updateMany({ where: { id: pool.id, meteredUntil: pool.meteredUntil }, data: { meteredUntil: now } });
      if (claimed.count === 0) return;
      await tx.meteringRecord.create({
        data: {
          userId: pool.ownerId!,
          subject: "pool",
          poolId: pool.id,
          flavorId: pool.flavorId!,
          pricePerHourCents: pool.flavor?.pricePerHourCents ?? 0,
          ...meteredUsage(pool.nodeCount, since, now),
        },
      });
      written += 1;
    });
  }
  return written;
}
