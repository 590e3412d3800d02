// R15 property: thousands of random and malformed deploy bodies never cause a 5xx, always get a
// problem+json answer, and a refused request writes no row anywhere.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../../../../testing/test-app.ts";

let t: TestApp;
let cookie: string;
let catalogue: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp();
  cookie = await login(t.app, "bob");
  catalogue = await demoCatalogue(t.db, "bob");
});
afterAll(async () => t.close());

async function rowCounts() {
  const [services, configurations, ledger, jobs] = await Promise.all([
    t.db.prisma.service.count(),
    t.db.prisma.versionConfiguration.count(),
    t.db.prisma.quotaLedgerEntry.count(),
    t.db.prisma.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM pgboss.job`,
  ]);
  return { services, configurations, ledger, jobs: Number(jobs[0]!.n) };
}

function bodyArbitrary(): fc.Arbitrary<unknown> {
  const valid = deployBody(catalogue, { name: "fuzz-base" });
  const anyValue = fc.oneof(
    fc.anything(),
    fc.string({ maxLength: 300 }),
    fc.integer({ min: -1000, max: 1000 }),
    fc.double(),
    fc.constantFrom(null, undefined, true, [], {}, "", "__proto__", NaN, Infinity, 1e308, "x".repeat(5000)),
  );
  const keys = [...Object.keys(valid), "__proto__", "constructor", "unknownField"];
  const configKeys = [...Object.keys(valid.configurations[0]!), "extra"];
  const mutatedTop = fc
    .record({ key: fc.constantFrom(...keys), value: anyValue })
    .map(({ key, value }) => ({ ...valid, [key]: value }));
  const mutatedConfig = fc
    .record({ key: fc.constantFrom(...configKeys), value: anyValue, copies: fc.integer({ min: 0, max: 12 }) })
    .map(({ key, value, copies }) => ({
      ...valid,
      configurations: Array.from({ length: copies }, () => ({ ...valid.configurations[0]!, [key]: value })),
    }));
  return fc.oneof(fc.anything(), fc.json(), mutatedTop, mutatedConfig);
}

describe("deploy body fuzzing", () => {
  it("R15 never answers 5xx and writes nothing for refused bodies (thousands of random bodies)", async () => {
    const before = await rowCounts();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(bodyArbitrary(), fc.boolean(), async (body, asRawText) => {
        const payload = asRawText ? String(JSON.stringify(body) ?? "undefined").slice(0, 4000) + (Math.random() < 0.2 ? "}" : "") : JSON.stringify(body ?? null);
        const response = await t.app.inject({
          method: "POST",
          url: "/api/v1/services",
          headers: { cookie, "content-type": "application/json" },
          payload,
        });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode === 202) {
          accepted += 1;
          // Keep the user below the R1 limit so valid bodies stay possible.
          await t.app.inject({ method: "DELETE", url: `/api/v1/services/${response.json().id}`, headers: { cookie } });
          return;
        }
        expect(response.headers["content-type"]).toContain("application/problem+json");
        const problem = response.json();
        expect(problem.status).toBe(response.statusCode);
        expect(typeof problem.detail).toBe("string");
        if (response.statusCode === 422) {
          for (const error of problem.errors) {
            expect(typeof error.path).toBe("string");
            expect(error.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 2500, seed: Number(process.env.FUZZ_SEED ?? 20261125) },
    );
    const after = await rowCounts();
    expect(after.services).toBe(before.services);
    expect(after.configurations).toBe(before.configurations);
    // Accepted-then-deleted services leave a hold and a release in the ledger and their deploy job.
    expect(after.ledger).toBe(before.ledger + accepted * 2);
    expect(after.jobs).toBe(before.jobs + accepted);
  }, 240_000);
});
