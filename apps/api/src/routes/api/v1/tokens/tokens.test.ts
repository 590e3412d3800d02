// API tokens for callers: the secret is shown once, stored only as a sha256 digest, and a bearer
// token authenticates like a session until it is revoked or expires.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, login, type TestApp } from "../../../../testing/test-app.ts";

let t: TestApp;
let alice: string;
let bob: string;
beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  bob = await login(t.app, "bob");
});
afterAll(async () => t.close());

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

function createToken(cookie: string, payload: unknown) {
  return t.app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie }, payload: payload as object });
}

function listTokens(cookie: string) {
  return t.app.inject({ method: "GET", url: "/api/v1/tokens", headers: { cookie } });
}

function servicesWithBearer(token: string) {
  return t.app.inject({ method: "GET", url: "/api/v1/services", headers: { authorization: `Bearer ${token}` } });
}

describe("API tokens", () => {
  it("creates a token (201) whose secret starts with rts_ and is shown only once", async () => {
    const response = await createToken(alice, { name: "ci-caller", expiresInDays: 30 });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created.token).toMatch(/^rts_[A-Za-z0-9_-]{20,}$/);
    expect(created).toMatchObject({ name: "ci-caller", revokedAt: null, lastUsedAt: null, prefix: created.token.slice(0, 10) });
    const expiresInMs = Date.parse(created.expiresAt) - Date.now();
    expect(expiresInMs).toBeGreaterThan(29 * 86_400_000);
    expect(expiresInMs).toBeLessThanOrEqual(30 * 86_400_000);

    const list = await listTokens(alice);
    expect(list.statusCode).toBe(200);
    const listed = list.json().items.find((tk: { id: string }) => tk.id === created.id);
    expect(listed).toMatchObject({ id: created.id, name: "ci-caller", prefix: created.prefix });
    expect(listed).not.toHaveProperty("token");
    expect(list.body).not.toContain(created.token);
  });

  it("a token without expiresInDays never expires", async () => {
    const response = await createToken(alice, { name: "forever" });
    expect(response.statusCode).toBe(201);
    expect(response.json().expiresAt).toBeNull();
  });

  it("stores only the sha256 digest of the secret", async () => {
    const created = (await createToken(alice, { name: "digest-check" })).json();
    const row = await t.db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(sha256(created.token));
    expect(row.tokenHash).not.toBe(created.token);
    expect(row.prefix).toBe(created.token.slice(0, 10));
    const hits = await t.db.prisma.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM api_tokens WHERE "tokenHash" = ${created.token} OR name = ${created.token} OR prefix = ${created.token}`;
    expect(Number(hits[0]!.n)).toBe(0);
  });

  it("a bearer token authenticates GET /api/v1/services as its owner and records its last use", async () => {
    const created = (await createToken(bob, { name: "bob-caller" })).json();
    const response = await servicesWithBearer(created.token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ items: [], limit: 20 });
    const me = await t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { authorization: `Bearer ${created.token}` } });
    expect(me.json()).toMatchObject({ username: "bob" });
    const row = await t.db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("lists only the caller's own tokens, newest first", async () => {
    const first = (await createToken(bob, { name: "bob-first" })).json();
    const second = (await createToken(bob, { name: "bob-second" })).json();
    const items = (await listTokens(bob)).json().items as Array<{ id: string; name: string }>;
    const ids = items.map((i) => i.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    const aliceNames = (await listTokens(alice)).json().items.map((i: { name: string }) => i.name);
    expect(aliceNames).not.toContain("bob-first");
  });

  it("revoke marks the token revoked and bearer calls with it get 401", async () => {
    const created = (await createToken(alice, { name: "to-revoke" })).json();
    expect((await servicesWithBearer(created.token)).statusCode).toBe(200);
    const revoke = await t.app.inject({ method: "DELETE", url: `/api/v1/tokens/${created.id}`, headers: { cookie: alice } });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).not.toBeNull();
    const refused = await servicesWithBearer(created.token);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    const listed = (await listTokens(alice)).json().items.find((i: { id: string }) => i.id === created.id);
    expect(listed.revokedAt).not.toBeNull();
    // Revoking twice is harmless.
    const again = await t.app.inject({ method: "DELETE", url: `/api/v1/tokens/${created.id}`, headers: { cookie: alice } });
    expect(again.statusCode).toBe(200);
    expect(again.json().revokedAt).toBe(revoke.json().revokedAt);
  });

  it("an expired token gets 401", async () => {
    const created = (await createToken(alice, { name: "short-lived", expiresInDays: 1 })).json();
    // Time passes in the database only: a token the API has not cached yet, past its expiry.
    await t.db.prisma.apiToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const refused = await servicesWithBearer(created.token);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
  });

  it.each([
    ["an empty name", { name: "" }, "name", "Enter a name for the token."],
    ["a missing name", {}, "name", "Enter a name for the token."],
    ["a name over 64 characters", { name: "x".repeat(65) }, "name", "Token name must be at most 64 characters."],
    ["expiresInDays 0", { name: "ok", expiresInDays: 0 }, "expiresInDays", "Expiry must be a whole number of days from 1 to 365."],
    ["expiresInDays 366", { name: "ok", expiresInDays: 366 }, "expiresInDays", "Expiry must be a whole number of days from 1 to 365."],
    ["fractional expiresInDays", { name: "ok", expiresInDays: 1.5 }, "expiresInDays", "Expiry must be a whole number of days from 1 to 365."],
  ])("R15 refuses %s with 422 and the field path, creating nothing", async (_label, payload, path, message) => {
    const before = await t.db.prisma.apiToken.count();
    const response = await createToken(alice, payload);
    expect(response.statusCode).toBe(422);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json().errors).toEqual([expect.objectContaining({ path, message })]);
    expect(await t.db.prisma.apiToken.count()).toBe(before);
  });

  it("R15 refuses unknown fields", async () => {
    const response = await createToken(alice, { name: "ok", scope: "admin" });
    expect(response.statusCode).toBe(422);
  });

  it("revoking an unknown or another user's token answers 404; a malformed id 422", async () => {
    const unknown = await t.app.inject({ method: "DELETE", url: "/api/v1/tokens/00000000-0000-4000-8000-000000000000", headers: { cookie: alice } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers["content-type"]).toContain("application/problem+json");

    const bobs = (await createToken(bob, { name: "bob-private" })).json();
    const foreign = await t.app.inject({ method: "DELETE", url: `/api/v1/tokens/${bobs.id}`, headers: { cookie: alice } });
    expect(foreign.statusCode).toBe(404);
    expect((await servicesWithBearer(bobs.token)).statusCode).toBe(200);

    const malformed = await t.app.inject({ method: "DELETE", url: "/api/v1/tokens/not-a-uuid", headers: { cookie: alice } });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().errors).toEqual([expect.objectContaining({ path: "tokenId" })]);
  });

  it("token routes themselves need a signed-in user", async () => {
    const response = await t.app.inject({ method: "POST", url: "/api/v1/tokens", payload: { name: "x" } });
    expect(response.statusCode).toBe(401);
  });
});
