// Per-version, per-second measurements: aggregated in memory on the hot path, added to
// `version_metric_seconds` on flush (real PostgreSQL), read back over a window, pruned after a day.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createTestDatabase, type TestDatabase } from "@rts/db/testing";
import {
  BUCKET_COUNT,
  InferenceMetricsBuffer,
  VersionSecondAggregator,
  bucketIndex,
  pruneVersionMetricSeconds,
  readVersionWindows,
  writeVersionSecondCells,
} from "./metrics.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject("testDatabaseAdminUrl"), 4);
});
afterAll(async () => {
  await db?.drop();
});

const T0 = Date.parse("2026-11-28T10:00:00.000Z");

describe("per-version second metrics", () => {
  it("aggregates calls per service, version and second in memory, and hands back what a failed write kept", () => {
    const agg = new VersionSecondAggregator();
    agg.record("s", "v1", 20, false, T0 + 100);
    agg.record("s", "v1", 700, true, T0 + 900);
    agg.record("s", "v2", 20, false, T0 + 900);
    agg.record("s", "v1", 20, false, T0 + 1000);
    const cells = agg.drain();
    expect(cells).toHaveLength(3);
    const first = cells.find((c) => c.versionId === "v1" && c.second.getTime() === T0)!;
    expect(first).toMatchObject({ calls: 2, errors: 1 });
    expect(first.buckets[bucketIndex(20)]).toBe(1);
    expect(first.buckets[bucketIndex(700)]).toBe(1);
    expect(agg.size).toBe(0);
    agg.record("s", "v1", 20, false, T0 + 200);
    agg.restore(cells);
    expect(agg.drain().find((c) => c.versionId === "v1" && c.second.getTime() === T0)).toMatchObject({ calls: 3, errors: 1 });
  });

  it("adds flushes of the same second together and reads a version's window back", async () => {
    const serviceId = randomUUID();
    const v1 = randomUUID();
    const v2 = randomUUID();
    const agg = new VersionSecondAggregator();
    for (let i = 0; i < 10; i++) agg.record(serviceId, v1, 20, i < 3, T0 + i * 100);
    agg.record(serviceId, v2, 300, false, T0 + 2500);
    await writeVersionSecondCells(db.prisma, agg.drain());
    agg.record(serviceId, v1, 20, true, T0 + 500);
    await writeVersionSecondCells(db.prisma, agg.drain());

    const rows = await db.prisma.versionMetricSecond.findMany({ where: { serviceId, versionId: v1 } });
    expect(rows).toEqual([expect.objectContaining({ second: new Date(T0), calls: 11, errors: 4 })]);
    expect(rows[0]!.latencyBuckets[bucketIndex(20)]).toBe(11);

    const windows = await readVersionWindows(db.prisma, serviceId, new Date(T0), new Date(T0 + 3000));
    expect(windows.get(v1)).toMatchObject({ calls: 11, errors: 4 });
    expect(windows.get(v2)).toMatchObject({ calls: 1, errors: 0 });
    expect(windows.get(v2)!.buckets).toHaveLength(BUCKET_COUNT);
    // The window's end is exclusive: the second at T0 + 2 s is outside [T0, T0 + 2 s).
    expect((await readVersionWindows(db.prisma, serviceId, new Date(T0), new Date(T0 + 2000))).has(v2)).toBe(false);
  });

  it("writes minutes and version seconds on the same flush", async () => {
    const owner = await db.prisma.user.findFirstOrThrow();
    const service = await db.prisma.service.create({ data: { ownerId: owner.id, name: "metrics-flush", poolType: "PUBLIC", timeoutMinutes: 20 } });
    const versionId = randomUUID();
    const buffer = new InferenceMetricsBuffer();
    buffer.record(service.id, versionId, 40, true, T0 + 61_000);
    await buffer.flush(db.prisma);
    expect(await db.prisma.versionMetricSecond.findMany({ where: { versionId } })).toHaveLength(1);
    expect(await db.prisma.serviceMetricMinute.findFirst({ where: { serviceId: service.id, minute: new Date(T0 + 60_000) } })).toMatchObject({ calls: 1, errors: 1 });
  });

  it("prunes rows older than a day", async () => {
    const serviceId = randomUUID();
    const versionId = randomUUID();
    const agg = new VersionSecondAggregator();
    const now = Date.now();
    agg.record(serviceId, versionId, 20, false, now - 86_400_000 - 5_000);
    agg.record(serviceId, versionId, 20, false, now - 60_000);
    await writeVersionSecondCells(db.prisma, agg.drain());
    expect(await pruneVersionMetricSeconds(db.prisma, now)).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.versionMetricSecond.count({ where: { serviceId } })).toBe(1);
  });
});
