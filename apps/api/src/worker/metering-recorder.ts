// R13: public-pool services are metered by their flavor x running instances x time; dedicated
// pools by their flavor x nodes x time, whatever runs in them. Each subject keeps a watermark
// (`meteredUntil`), so a restarted worker neither skips nor double-counts a period.
import { meteredAmountCents } from "@rts/contracts";
import type { PrismaClient } from "@rts/db";

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
    const seconds = Math.floor((now.getTime() - since.getTime()) / 1000);
    if (seconds <= 0) continue;
    const byFlavor = new Map<string, { units: number; price: number }>();
    for (const instance of service.instances) {
      const entry = byFlavor.get(instance.flavorId) ?? { units: 0, price: instance.flavor.pricePerHourCents };
      entry.units += 1;
      byFlavor.set(instance.flavorId, entry);
    }
    await prisma.$transaction(async (tx) => {
      for (const [flavorId, { units, price }] of byFlavor) {
        await tx.meteringRecord.create({
          data: {
            userId: service.ownerId,
            subject: "service",
            serviceId: service.id,
            serviceName: service.name,
            flavorId,
            units,
            periodStart: since,
            periodEnd: now,
            seconds,
            amountCents: meteredAmountCents({ pricePerHourCents: price, units, seconds }),
          },
        });
        written += 1;
      }
      await tx.service.update({ where: { id: service.id }, data: { meteredUntil: now } });
    });
  }

  const pools = await prisma.resourcePool.findMany({
    where: { type: "DEDICATED", state: "Running", ownerId: { not: null }, flavorId: { not: null } },
    select: { id: true, ownerId: true, flavorId: true, nodeCount: true, meteredUntil: true, createdAt: true, flavor: { select: { pricePerHourCents: true } } },
  });
  for (const pool of pools) {
    const since = pool.meteredUntil ?? pool.createdAt;
    const seconds = Math.floor((now.getTime() - since.getTime()) / 1000);
    if (seconds <= 0) continue;
    await prisma.$transaction([
      prisma.meteringRecord.create({
        data: {
          userId: pool.ownerId!,
          subject: "pool",
          poolId: pool.id,
          flavorId: pool.flavorId!,
          units: pool.nodeCount,
          periodStart: since,
          periodEnd: now,
          seconds,
          amountCents: meteredAmountCents({ pricePerHourCents: pool.flavor?.pricePerHourCents ?? 0, units: pool.nodeCount, seconds }),
        },
      }),
      prisma.resourcePool.update({ where: { id: pool.id }, data: { meteredUntil: now } }),
    ]);
    written += 1;
  }
  return written;
}
