// The 50-token limit, raced as an attacker would: 100 creates at once by one user. Real parallel
// requests on a pool of 10 connections, real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, login, type TestApp } from "../../../../testing/test-app.ts";

let t: TestApp;
let bob: string;
beforeAll(async () => {
  t = await createTestApp({ poolSize: 10 });
  bob = await login(t.app, "bob");
});
afterAll(async () => t.close());

describe("API token limit under concurrency", () => {
  it("S24 100 concurrent creates by one user leave exactly 50 active tokens", async () => {
    const active = () => t.db.prisma.apiToken.count({ where: { user: { username: "bob" }, revokedAt: null } });
    const before = await active();
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        t.app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie: bob }, payload: { name: `race-${i}` } }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50 - before);
    expect(statuses.filter((s) => s === 422)).toHaveLength(50 + before);
    const refused = responses.find((r) => r.statusCode === 422)!;
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    expect(refused.json().errors[0].message).toMatch(/You have 50 active API tokens, the most allowed/);
    expect(await active()).toBe(50);
  });
});
