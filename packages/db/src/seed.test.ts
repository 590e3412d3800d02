import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyMigrations } from "./schema-engine.ts";
import { seedDemoData } from "./seed.ts";
import { createTestDatabase, type TestDatabase } from "./testing/test-database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject("testDatabaseAdminUrl"));
});
afterAll(async () => db.drop());

async function counts() {
  const p = db.prisma;
  return {
    users: await p.user.count(),
    specifications: await p.specification.count(),
    pools: await p.resourcePool.count(),
    applications: await p.aiApplication.count(),
    versions: await p.aiApplicationVersion.count(),
    ledger: await p.quotaLedgerEntry.count(),
    quotas: await p.quota.findMany({ orderBy: { userId: "asc" } }),
  };
}

describe("database set-up", () => {
  it("applies no migration twice", async () => {
    expect(await applyMigrations(db.url)).toEqual([]);
  });

  it("seeds idempotently: a second run changes nothing", async () => {
    const before = await counts();
    await seedDemoData(db.prisma);
    expect(await counts()).toEqual(before);
  });

  it("seeds what the demo needs: two users, gray and free flavors, pools of both generations, versions in several states", async () => {
    expect(await db.prisma.user.count()).toBeGreaterThanOrEqual(2);
    expect(await db.prisma.specification.count({ where: { available: false } })).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.specification.count({ where: { free: true } })).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.specification.count({ where: { kind: "GPU" } })).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.resourcePool.count({ where: { type: "PUBLIC" } })).toBe(1);
    const dedicated = await db.prisma.resourcePool.findMany({ where: { type: "DEDICATED" } });
    expect(dedicated.filter((p) => p.generation === "new" && p.flavorId === "cpu.8u32g")).toHaveLength(2);
    expect(dedicated.filter((p) => p.generation === "old")).toHaveLength(1);
    const states = new Set((await db.prisma.aiApplicationVersion.findMany()).map((v) => v.state));
    expect([...states]).toEqual(expect.arrayContaining(["Normal", "Building", "Failed"]));
    expect(await db.prisma.aiApplicationVersion.count({ where: { websocket: true, source: "container_image" } })).toBeGreaterThanOrEqual(1);
    const alice = await db.prisma.quota.findFirstOrThrow({ where: { user: { username: "alice" } } });
    const held = await db.prisma.quotaLedgerEntry.aggregate({ where: { userId: alice.userId }, _sum: { vcpus: true } });
    expect(held._sum.vcpus).toBe(alice.vcpuUsed);
  });
});
