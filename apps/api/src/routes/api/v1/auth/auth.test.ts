// Console sign-in: cookie sessions stored only as digests, scrypt password hashes, problem+json
// for every refusal. Real PostgreSQL through createTestApp.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, DEMO_PASSWORDS, login, type TestApp } from "../../../../testing/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

function signIn(payload: unknown) {
  return t.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: payload as object });
}

function me(headers: Record<string, string> = {}) {
  return t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers });
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

describe("sign-in", () => {
  it("sets an HttpOnly session cookie and GET /auth/me answers with the user", async () => {
    const response = await signIn({ username: "alice", password: DEMO_PASSWORDS.alice });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ username: "alice", displayName: "Alice Operator" });
    expect(response.json()).not.toHaveProperty("passwordHash");
    const cookie = response.cookies.find((c) => c.name === "rts_session");
    expect(cookie).toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.path).toBe("/");
    expect(String(cookie!.sameSite).toLowerCase()).toBe("lax");
    expect(cookie!.value.length).toBeGreaterThan(20);

    const who = await me({ cookie: `rts_session=${cookie!.value}` });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toEqual({ id: response.json().id, username: "alice", displayName: "Alice Operator" });
  });

  it("refuses a wrong password with 401 problem+json that does not say which part was wrong", async () => {
    const wrongPassword = await signIn({ username: "alice", password: "not-the-password" });
    const unknownUser = await signIn({ username: "nobody-here", password: "whatever" });
    for (const response of [wrongPassword, unknownUser]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.cookies.find((c) => c.name === "rts_session")).toBeUndefined();
      const body = response.json();
      expect(body).toMatchObject({ status: 401, detail: "The username or password is wrong." });
    }
    // Same answer for both, so the response cannot be used to find valid usernames.
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
    expect(strip(wrongPassword.json())).toEqual(strip(unknownUser.json()));
  });

  it("R15 answers missing fields with 422 and the field paths", async () => {
    const response = await signIn({});
    expect(response.statusCode).toBe(422);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["username", "password"]));
    const messages = response.json().errors.map((e: { message: string }) => e.message);
    expect(messages).toEqual(expect.arrayContaining(["Enter your username.", "Enter your password."]));

    const empty = await signIn({ username: "alice", password: "" });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors).toEqual([expect.objectContaining({ path: "password", message: "Enter your password." })]);
  });

  it("logout ends the session: the same cookie gets 401 afterwards", async () => {
    const cookie = await login(t.app, "bob");
    expect((await me({ cookie })).statusCode).toBe(200);
    const logout = await t.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie } });
    expect(logout.statusCode).toBe(204);
    const cleared = logout.cookies.find((c) => c.name === "rts_session");
    expect(cleared?.value ?? "").toBe("");
    const after = await me({ cookie });
    expect(after.statusCode).toBe(401);
    expect(after.headers["content-type"]).toContain("application/problem+json");
    const digest = sha256(cookie.slice("rts_session=".length));
    expect(await t.db.prisma.session.findUnique({ where: { id: digest } })).toBeNull();
  });

  it("an expired session is refused", async () => {
    const cookie = await login(t.app, "bob");
    const digest = sha256(cookie.slice("rts_session=".length));
    await t.db.prisma.session.update({ where: { id: digest }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await me({ cookie })).statusCode).toBe(401);
  });
});

describe("protected routes", () => {
  it.each([
    ["GET", "/api/v1/auth/me"],
    ["GET", "/api/v1/services"],
    ["POST", "/api/v1/services"],
    ["GET", "/api/v1/pools"],
    ["GET", "/api/v1/quota"],
    ["GET", "/api/v1/tokens"],
  ] as const)("%s %s without sign-in answers 401 problem+json", async (method, url) => {
    const response = await t.app.inject({ method, url, ...(method === "POST" ? { payload: {} } : {}) });
    expect(response.statusCode).toBe(401);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toMatchObject({ status: 401, title: "Sign-in required" });
  });

  it("a made-up session cookie or bearer token is refused", async () => {
    expect((await me({ cookie: "rts_session=made-up-value" })).statusCode).toBe(401);
    expect((await me({ authorization: "Bearer rts_made-up-token" })).statusCode).toBe(401);
  });
});

describe("credential storage", () => {
  it("stores passwords as scrypt hashes, never the plain text", async () => {
    const users = await t.db.prisma.user.findMany();
    expect(users.length).toBeGreaterThanOrEqual(2);
    for (const user of users) {
      expect(user.passwordHash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
      for (const plain of Object.values(DEMO_PASSWORDS)) expect(user.passwordHash).not.toContain(plain);
    }
    const [alice, bob] = await Promise.all([
      t.db.prisma.user.findUniqueOrThrow({ where: { username: "alice" } }),
      t.db.prisma.user.findUniqueOrThrow({ where: { username: "bob" } }),
    ]);
    // Salted: the salt parts differ.
    expect(alice.passwordHash.split("$")[4]).not.toBe(bob.passwordHash.split("$")[4]);
  });

  it("stores sessions as sha256 digests, never the cookie value", async () => {
    const cookie = await login(t.app, "alice");
    const value = cookie.slice("rts_session=".length);
    const user = await t.db.prisma.user.findUniqueOrThrow({ where: { username: "alice" } });
    const sessions = await t.db.prisma.session.findMany({ where: { userId: user.id } });
    expect(sessions.map((s) => s.id)).toContain(sha256(value));
    for (const session of sessions) {
      expect(session.id).not.toBe(value);
      expect(session.id).toMatch(/^[0-9a-f]{64}$/);
    }
    const raw = await t.db.prisma.$queryRaw<Array<{ hits: bigint }>>`
      SELECT count(*) AS hits FROM sessions WHERE id = ${value} OR "userId"::text = ${value}`;
    expect(Number(raw[0]!.hits)).toBe(0);
  });
});
