// R1 and R12 must hold when requests race: the per-user row lock in PostgreSQL serialises them,
// so these tests fire real parallel HTTP requests at one app with a connection pool of 10.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../../../../testing/test-app.ts";

let t: TestApp;
let bob: string;
let alice: string;
let bobCatalogue: DemoCatalogue;
let aliceCatalogue: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp({ poolSize: 10 });
  bob = await login(t.app, "bob");
  alice = await login(t.app, "alice");
  bobCatalogue = await demoCatalogue(t.db, "bob");
  aliceCatalogue = await demoCatalogue(t.db, "alice");
});
afterAll(async () => t.close());

function deploy(cookie: string, body: unknown) {
  return t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie }, payload: body as object });
}

describe("deploys under concurrency", () => {
  it("R1 creates exactly 20 of 50 parallel deploys for a user with no services", async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        deploy(bob, deployBody(bobCatalogue, {
          name: `race-${i}`,
          configurations: [{ versionId: bobCatalogue.versions["text-classifier@1.0.0"]!, trafficRatio: 100, flavorId: "cpu.free.1u4g", computeNodes: 1, envVars: [] }],
        })),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 202)).toHaveLength(20);
    expect(statuses.filter((s) => s === 422)).toHaveLength(30);
    for (const refused of responses.filter((r) => r.statusCode === 422)) {
      expect(refused.json().errors).toEqual([expect.objectContaining({ rule: "R1", path: "" })]);
    }
    expect(await t.db.prisma.service.count({ where: { ownerId: bobCatalogue.userId } })).toBe(20);
    const jobs = await t.db.prisma.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM pgboss.job WHERE name = 'service-lifecycle' AND data->>'action' = 'deploy'`;
    expect(Number(jobs[0]!.n)).toBe(20);
  });

  it("R12 never lets parallel public deploys push quota past its limit", async () => {
    const before = await t.db.prisma.quota.findUniqueOrThrow({ where: { userId: aliceCatalogue.userId } });
    const vcpusLeft = before.vcpuLimit - before.vcpuUsed;
    // Each asks for 8 vCPUs (cpu.8u32g x 1): far more requests than the quota can take.
    const attempts = Math.min(19, Math.floor(vcpusLeft / 8) + 6);
    const responses = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        deploy(alice, deployBody(aliceCatalogue, {
          name: `quota-race-${i}`,
          configurations: [{ versionId: aliceCatalogue.versions["text-classifier@1.0.0"]!, trafficRatio: 100, flavorId: "cpu.8u32g", computeNodes: 1, envVars: [] }],
        })),
      ),
    );
    const accepted = responses.filter((r) => r.statusCode === 202).length;
    expect(accepted).toBe(Math.floor(vcpusLeft / 8));
    for (const refused of responses.filter((r) => r.statusCode !== 202)) {
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors.map((e: { rule: string }) => e.rule)).toContain("R12");
    }
    const after = await t.db.prisma.quota.findUniqueOrThrow({ where: { userId: aliceCatalogue.userId } });
    expect(after.vcpuUsed).toBeLessThanOrEqual(after.vcpuLimit);
    expect(after.vcpuUsed).toBe(before.vcpuUsed + accepted * 8);
    const ledger = await t.db.prisma.quotaLedgerEntry.aggregate({ where: { userId: aliceCatalogue.userId }, _sum: { vcpus: true } });
    expect(ledger._sum.vcpus).toBe(after.vcpuUsed);
  });
});
