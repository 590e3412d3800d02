// Password guessing, tried as an attacker would: spraying one account from many addresses, and
// spoofing X-Forwarded-For to look like many addresses. Real PostgreSQL through createTestApp.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, DEMO_PASSWORDS, type TestApp } from "../../../../testing/test-app.ts";
import { ACCOUNT_MAX_FAILURES } from "./account-login-throttle.ts";

const PROBLEM_JSON = "application/problem+json";
const PER_ADDRESS_MAX = 30;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

function signIn(username: string, password: string, from: { remoteAddress?: string; forwardedFor?: string } = {}, app = t.app) {
  return app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password },
    ...(from.remoteAddress ? { remoteAddress: from.remoteAddress } : {}),
    headers: from.forwardedFor ? { "x-forwarded-for": from.forwardedFor } : {},
  });
}

describe("login throttling", () => {
  it("S20 spraying one account from many addresses is throttled per account: 429 problem+json with Retry-After", async () => {
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) {
      const response = await signIn("bob", `guess-${i}`, { remoteAddress: `203.0.113.${i + 1}` });
      expect(response.statusCode).toBe(401);
    }
    // A new address, and even the right password: the account is throttled, not the address.
    const throttled = await signIn("BOB", DEMO_PASSWORDS.bob, { remoteAddress: "198.51.100.7" });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(Number(throttled.headers["retry-after"])).toBeGreaterThan(0);
    expect(throttled.json()).toMatchObject({ status: 429, type: expect.stringContaining("rate-limited") });
    expect(throttled.json().detail).toMatch(/Too many failed sign-ins for this account\. Try again in \d+ s/);
    expect(throttled.cookies.find((c) => c.name === "rts_session")).toBeUndefined();

    // An unknown name is throttled the same way, so the answer does not reveal which accounts exist.
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await signIn("no-such-user", `guess-${i}`, { remoteAddress: `203.0.113.${100 + i}` });
    const unknown = await signIn("no-such-user", "guess", { remoteAddress: "198.51.100.8" });
    expect(unknown.statusCode).toBe(429);

    // Other accounts are not affected.
    const alice = await signIn("alice", DEMO_PASSWORDS.alice, { remoteAddress: "198.51.100.9" });
    expect(alice.statusCode).toBe(200);
  });

  it("S21 with no trusted proxy configured, a spoofed X-Forwarded-For does not change the address the throttle sees", async () => {
    // Different names, so only the per-address limit can trip. The peer is on loopback, where a
    // proxy would typically sit: being local earns it no trust by itself.
    const answers: number[] = [];
    for (let i = 0; i <= PER_ADDRESS_MAX; i++) {
      const response = await signIn(`spoof-${i}`, "wrong", { remoteAddress: "127.0.0.1", forwardedFor: `10.1.${i}.1` });
      answers.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(response.headers["content-type"]).toContain(PROBLEM_JSON);
        expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
      }
    }
    expect(answers.slice(0, PER_ADDRESS_MAX).every((status) => status === 401)).toBe(true);
    expect(answers[PER_ADDRESS_MAX]).toBe(429);

    // A proxy named in configuration is believed: its clients are told apart by the forwarded address.
    const proxied = await createTestApp({ trustedProxies: ["127.0.0.1"] });
    try {
      for (let i = 0; i <= PER_ADDRESS_MAX; i++) {
        const response = await signIn(`proxied-${i}`, "wrong", { remoteAddress: "127.0.0.1", forwardedFor: `10.2.${i}.1` }, proxied.app);
        expect(response.statusCode).toBe(401);
      }
    } finally {
      await proxied.close();
    }
  });
});
