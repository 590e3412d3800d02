// Cross-site request forgery, tried as another site would: the browser attaches the session cookie
// to a `text/plain` POST (no preflight needed) from https://evil.example. Real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";

const PROBLEM_JSON = "application/problem+json";
const CONFIGURED_ORIGIN = "https://console.example.com";

let t: TestApp;
let alice: string;
let cat: DemoCatalogue;
beforeAll(async () => {
  t = await createTestApp({ allowedOrigins: [CONFIGURED_ORIGIN] });
  alice = await login(t.app, "alice");
  cat = await demoCatalogue(t.db, "alice");
});
afterAll(async () => t.close());

async function runningService(): Promise<string> {
  const response = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: deployBody(cat) });
  expect(response.statusCode, response.body).toBe(202);
  const id = response.json().id as string;
  await t.db.prisma.service.update({ where: { id }, data: { state: "Running" } });
  return id;
}

async function activeTokens(): Promise<number> {
  return t.db.prisma.apiToken.count({ where: { user: { username: "alice" }, revokedAt: null } });
}

describe("cookie-authenticated state changes", () => {
  it("S22 a cross-site text/plain POST with the session cookie does not stop a service", async () => {
    const id = await runningService();
    const attack = await t.injectAsSent({
      method: "POST",
      url: `/api/v1/services/${id}/stop`,
      headers: { cookie: alice, origin: "https://evil.example", "content-type": "text/plain" },
      payload: "anything",
    });
    expect(attack.statusCode).toBe(403);
    expect(attack.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(attack.json()).toMatchObject({ status: 403, type: expect.stringContaining("forbidden") });
    expect(attack.json().detail).toContain("https://evil.example");
    const service = await t.db.prisma.service.findUniqueOrThrow({ where: { id } });
    expect(service.state).toBe("Running");
    expect(await t.db.prisma.serviceEvent.count({ where: { serviceId: id, toState: "Stopping" } })).toBe(0);
  });

  it("S22 refuses a cookie state change without Origin or with Origin null; the console's, a configured one, and bearer tokens pass", async () => {
    const id = await runningService();
    for (const headers of [{ cookie: alice }, { cookie: alice, origin: "null" }, { cookie: alice, origin: "http://localhost.evil.example" }]) {
      const refused = await t.injectAsSent({ method: "DELETE", url: `/api/v1/services/${id}`, headers });
      expect(refused.statusCode).toBe(403);
      expect(refused.headers["content-type"]).toContain(PROBLEM_JSON);
    }
    expect((await t.db.prisma.service.findUniqueOrThrow({ where: { id } })).state).toBe("Running");

    const before = await activeTokens();
    const fromConsole = await t.injectAsSent({ method: "POST", url: "/api/v1/tokens", headers: { cookie: alice, origin: "http://localhost" }, payload: { name: "same-origin" } });
    expect(fromConsole.statusCode, fromConsole.body).toBe(201);
    const fromConfigured = await t.injectAsSent({ method: "POST", url: "/api/v1/tokens", headers: { cookie: alice, origin: CONFIGURED_ORIGIN }, payload: { name: "configured" } });
    expect(fromConfigured.statusCode, fromConfigured.body).toBe(201);
    // A program with a token sends no Origin and needs none; reads with the cookie need none either.
    const token = fromConsole.json().token as string;
    const withBearer = await t.injectAsSent({ method: "POST", url: "/api/v1/tokens", headers: { authorization: `Bearer ${token}` }, payload: { name: "by-program" } });
    expect(withBearer.statusCode, withBearer.body).toBe(201);
    const read = await t.injectAsSent({ method: "GET", url: "/api/v1/tokens", headers: { cookie: alice } });
    expect(read.statusCode).toBe(200);
    expect(await activeTokens()).toBe(before + 3);
  });

  it("S23 a text/plain body is not parsed as JSON by state-changing routes", async () => {
    const before = await activeTokens();
    const services = await t.db.prisma.service.count();
    const asText = (url: string, body: object) =>
      t.app.inject({ method: "POST", url, headers: { cookie: alice, "content-type": "text/plain" }, payload: JSON.stringify(body) });
    const token = await asText("/api/v1/tokens", { name: "smuggled" });
    expect(token.statusCode).toBe(422);
    expect(token.headers["content-type"]).toContain(PROBLEM_JSON);
    const service = await asText("/api/v1/services", deployBody(cat));
    expect(service.statusCode).toBe(422);
    expect(await activeTokens()).toBe(before);
    expect(await t.db.prisma.service.count()).toBe(services);
  });
});
