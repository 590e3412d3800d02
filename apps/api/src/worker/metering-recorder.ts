// R13: public-pool services are metered by their flavor x running instances x time; dedicated
// pools by their flavor x nodes x time, whatever runs in them. Each subject keeps a watermark
// (`meteredUntil`), so a restarted worker neither skips nor double-counts a period. Records keep
// exact usage to the millisecond, with the price it ran at; money is rounded only when read.
// A period is claimed by moving the watermark from the value read, so two recorders running at
// once (two workers) cannot both bill it.
import { unitMilliseconds } from "@rts/contracts";
import type { PrismaClient } from "@rts/db";

function meteredUsage(units: number, since: Date, now: Date) {
  const milliseconds = now.getTime() - since.getTime();
  return { units, periodStart: since, periodEnd: now, milliseconds: BigInt(milliseconds), unitMilliseconds: unitMilliseconds(units, milliseconds) };
}

export async function recordMetering(prisma: PrismaClient, now = new Date()): Promise<number> {
  let written = 0;
  const services = await prisma.service.findMany({
    where: { poolType: "PUBLIC" },
    select: {
      id: true,
      name: true,
      ownerId: true,
      meteredUntil: true,
      createdAt: true,
      instances: { where: { state: { in: ["Starting", "Healthy", "Unhealthy"] } }, select: { flavorId: true, flavor: { select: { pricePerHourCents: true } } } },
    },
  });
  for (const service of services) {
    const since = service.meteredUntil ?? service.createdAt;
    if (now.getTime() <= since.getTime()) continue;
    const byFlavor = new Map<string, { units: number; price: number }>();
    for (const instance of service.instances) {
      const entry = byFlavor.get(instance.flavorId) ?? { units: 0, price: instance.flavor.pricePerHourCents };
      entry.units += 1;
      byFlavor.set(instance.flavorId, entry);
    }
    await prisma.$transaction(async (tx) => {
      const claimed = await tx.service.updateMany({ where: { id: service.id, meteredUntil: service.meteredUntil }, data: { meteredUntil: now } });
      if (claimed.count === 0) return;
      for (const [flavorId, { units, price }] of byFlavor) {
        await tx.meteringRecord.create({
          data: {
            userId: service.ownerId,
            subject: "service",
            serviceId: service.id,
            serviceName: service.name,
            flavorId,
            pricePerHourCents: price,
            ...meteredUsage(units, since, now),
          },
        });
        written += 1;
      }
    });
  }

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
