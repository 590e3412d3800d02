import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Prisma } from "./client.ts";
import { SAMPLE_REQUESTS, type SampleName } from "./sample-requests.ts";
import { applyMigrations } from "./schema-engine.ts";
import { DELIVERY_ETA_MODEL_METADATA, seedDemoData } from "./seed.ts";
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

  it("gives every seeded version the example request and input schema of its sample application", async () => {
    const versions = await db.prisma.aiApplicationVersion.findMany();
    for (const v of versions) {
      const server = v.modelServer as { entry: string; args: string[] };
      // The built-in runtime's entry is runtimes/onnx; its sample is named by the --model argument.
      const sample = /sample-apps\/([^/]+)\//.exec([server.entry, ...server.args].join(" "))?.[1] as SampleName;
      expect(SAMPLE_REQUESTS[sample], `${v.id}: ${sample}`).toBeDefined();
      expect({ exampleRequest: v.exampleRequest, inputSchema: v.inputSchema, websocketOnly: v.websocketOnly, protocol: v.protocol }).toEqual(
        SAMPLE_REQUESTS[sample],
      );
    }
    expect(versions.filter((v) => v.websocketOnly).length).toBeGreaterThanOrEqual(1);
  });

  it("seeds the ONNX sample as a model-file application with two versions served by the built-in ONNX runtime over OIP v2", async () => {
    const versions = await db.prisma.aiApplicationVersion.findMany({
      where: { application: { name: "delivery-eta-onnx", owner: { username: "alice" } } },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => v.version)).toEqual(["1.0.0", "2.0.0"]);
    for (const v of versions) {
      expect(v).toMatchObject({ state: "Normal", source: "model_file", runtime: "onnx", protocol: "oip-v2", healthPath: "/health" });
      expect(v.modelMetadata).toEqual(DELIVERY_ETA_MODEL_METADATA);
      expect(v.modelServer).toEqual({
        entry: "runtimes/onnx/server.mjs",
        args: ["--model", `sample-apps/delivery-eta-onnx/${v.version}/model.onnx`, "--model-name", "delivery-eta-onnx", "--model-version", v.version],
      });
    }
  });

  it("fills in the examples of versions seeded before they were declared, and leaves declared ones alone", async () => {
    const [first, second] = await db.prisma.aiApplicationVersion.findMany({ orderBy: { id: "asc" }, take: 2 });
    await db.prisma.aiApplicationVersion.update({ where: { id: first!.id }, data: { exampleRequest: Prisma.DbNull, inputSchema: Prisma.DbNull } });
    await db.prisma.aiApplicationVersion.update({ where: { id: second!.id }, data: { exampleRequest: { own: "example" } } });
    await seedDemoData(db.prisma);
    const [filled, kept] = await db.prisma.aiApplicationVersion.findMany({ orderBy: { id: "asc" }, take: 2 });
    expect(filled!.exampleRequest).toEqual(first!.exampleRequest);
    expect(filled!.inputSchema).toEqual(first!.inputSchema);
    expect(kept!.exampleRequest).toEqual({ own: "example" });
  });
});
