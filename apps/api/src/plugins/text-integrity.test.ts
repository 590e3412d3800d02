// S13: NUL bytes and unpaired surrogates through several /api/v1 routes. Each must be a 422
// problem+json naming every bad field, never a 500, and must change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEXT_INTEGRITY_MESSAGES } from "@rts/contracts";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";

let t: TestApp;
let alice: string;
let catalogue: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  catalogue = await demoCatalogue(t.db, "alice");
});
afterAll(async () => t?.close());

async function tableCounts() {
  const [row] = await t.db.prisma.$queryRaw<Array<Record<string, bigint>>>`
    SELECT (SELECT count(*) FROM services) AS services, (SELECT count(*) FROM api_tokens) AS tokens,
           (SELECT count(*) FROM resource_pools) AS pools, (SELECT count(*) FROM sessions) AS sessions,
           (SELECT count(*) FROM idempotency_keys) AS idempotency`;
  return row;
}

type Injected = Awaited<ReturnType<TestApp["app"]["inject"]>>;

function expectRefused(response: Injected, errors: Array<{ path: string; message: string }>) {
  expect(response.statusCode, response.body).toBe(422);
  expect(response.headers["content-type"]).toContain("application/problem+json");
  const problem = response.json();
  expect(problem.status).toBe(422);
  expect(problem.errors).toEqual(errors.map((e) => ({ ...e, rule: "R15" })));
}

const NUL = TEXT_INTEGRITY_MESSAGES.nul;
const SURROGATE = TEXT_INTEGRITY_MESSAGES.loneSurrogate;

describe("S13 NUL bytes and unpaired surrogates", () => {
  it("S13 a deploy with them in several fields is refused naming each field, and writes nothing", async () => {
    const before = await tableCounts();
    const body = deployBody(catalogue, { description: "evil\u0000description" });
    body.configurations[0]!.envVars = [{ key: "MODEL_MODE", value: "half \uD800 char" }];
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/services",
      headers: { cookie: alice, "content-type": "application/json", "idempotency-key": "s13-deploy" },
      // Sent as JSON text so the escapes are what the parser sees, as from any client.
      payload: JSON.stringify(body),
    });
    expectRefused(response, [
      { path: "description", message: NUL },
      { path: "configurations.0.envVars.0.value", message: SURROGATE },
    ]);
    expect(await tableCounts()).toEqual(before);
  });

  it("S13 login with them in the username and password is refused, not a 500", async () => {
    const before = await tableCounts();
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "content-type": "application/json" },
      payload: '{"username":"alice\\u0000","password":"x\\udc00"}',
    });
    expectRefused(response, [
      { path: "username", message: NUL },
      { path: "password", message: SURROGATE },
    ]);
    expect(await tableCounts()).toEqual(before);
  });

  it("S13 creating a token or a pool with them is refused and creates nothing", async () => {
    const before = await tableCounts();
    const token = await t.app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie: alice }, payload: { name: "ci\u0000token" } });
    expectRefused(token, [{ path: "name", message: NUL }]);
    const pool = await t.app.inject({
      method: "POST",
      url: "/api/v1/pools",
      headers: { cookie: alice },
      payload: { name: "pool\uD83D", flavorId: "cpu.8u32g", nodeCount: 1 },
    });
    expectRefused(pool, [{ path: "name", message: SURROGATE }]);
    expect(await tableCounts()).toEqual(before);
  });

  it("S13 a list query and a header with them are refused naming the parameter and the header", async () => {
    const list = await t.app.inject({ method: "GET", url: "/api/v1/services?q=a%00b&state=Running", headers: { cookie: alice } });
    expectRefused(list, [{ path: "q", message: NUL }]);
    const surrogate = await t.app.inject({ method: "GET", url: "/api/v1/services?q=%ED%A0%80", headers: { cookie: alice } });
    expect(surrogate.statusCode, surrogate.body).toBeLessThan(500);
    const header = await t.app.inject({
      method: "POST",
      url: "/api/v1/services",
      headers: { cookie: alice, "idempotency-key": "key\uD800" },
      payload: deployBody(catalogue),
    });
    expectRefused(header, [{ path: "idempotency-key", message: SURROGATE }]);
  });

  it("S13 clean requests still pass", async () => {
    const list = await t.app.inject({ method: "GET", url: "/api/v1/services?q=%F0%9F%98%80", headers: { cookie: alice } });
    expect(list.statusCode).toBe(200);
    const token = await t.app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie: alice }, payload: { name: "emoji 😀 token" } });
    expect(token.statusCode, token.body).toBe(201);
  });
});
