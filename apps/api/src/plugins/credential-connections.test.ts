// Long-lived connections outliving their credential, tried as an attacker would: a leaked token
// keeps its event stream and WebSocket after it is revoked, a signed-out session keeps streaming,
// one user opens streams without end. Real HTTP on a port, real PostgreSQL, a real model server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { listenOnLoopback, createApiToken, createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp, instanceOf } from "../testing/test-app.ts";
import { startModelServer, stopAllModelServers } from "../testing/model-servers.ts";
import { MAX_EVENT_STREAMS_PER_USER } from "./credential-connections.ts";

const CLOSE_WITHIN_MS = 5_000;

let t: TestApp;
let base: string;
let alice: string;
let cat: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  cat = await demoCatalogue(t.db, "alice");
  base = await listenOnLoopback(t.app);
}, 60_000);

afterAll(async () => {
  await stopAllModelServers();
  await t?.close();
});

const createToken = () => createApiToken(t.app, alice);

interface OpenStream {
  ended: Promise<number>;
  abort(): void;
}

/** Opens GET /api/v1/services/events; `ended` resolves with the ms from `since()` when the server ends it. */
async function openEventStream(headers: Record<string, string>, since: () => number): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/services/events`, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const ended = (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      return Number.POSITIVE_INFINITY;
    }
    return Date.now() - since();
  })();
  return { ended, abort: () => controller.abort() };
}

async function withinDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} still open after ${CLOSE_WITHIN_MS} ms`)), CLOSE_WITHIN_MS)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runningWebSocketService(port: number): Promise<string> {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/v1/services",
    headers: { cookie: alice },
    payload: deployBody(cat, {
      websocket: true,
      configurations: [{ versionId: cat.versions["sentiment-stream@1.0.0"]!, trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1, envVars: [] }],
    }),
  });
  expect(response.statusCode, response.body).toBe(202);
  const serviceId = response.json().id as string;
  const configuration = await t.db.prisma.versionConfiguration.findFirstOrThrow({ where: { serviceId } });
  await t.db.prisma.instance.create({
    data: { serviceId, ...instanceOf(configuration), poolId: cat.pools.public!, ordinal: 0, state: "Healthy", port },
  });
  await t.db.prisma.service.update({ where: { id: serviceId }, data: { state: "Running" } });
  return serviceId;
}

describe("connections end with their credential", () => {
  it("S25 revoking a token closes the event stream and the WebSocket it opened within 5 s", async () => {
    const sentiment = await startModelServer("sentiment-stream", "1.0.0");
    const serviceId = await runningWebSocketService(sentiment.port);
    const leaked = await createToken();
    let revokedAt = 0;
    const stream = await openEventStream({ authorization: `Bearer ${leaked.token}` }, () => revokedAt);
    const socket = new WebSocket(`${base.replace("http", "ws")}/v1/infers/${serviceId}`, ["rts", `bearer.${leaked.token}`]);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    const socketClosed = new Promise<{ code: number; ms: number }>((resolve) =>
      socket.once("close", (code) => resolve({ code, ms: Date.now() - revokedAt })),
    );

    revokedAt = Date.now();
    const revoke = await t.app.inject({ method: "DELETE", url: `/api/v1/tokens/${leaked.id}`, headers: { cookie: alice } });
    expect(revoke.statusCode).toBe(200);

    expect(await withinDeadline(stream.ended, "event stream")).toBeLessThan(CLOSE_WITHIN_MS);
    const closed = await withinDeadline(socketClosed, "WebSocket");
    expect(closed.code).toBe(1008);
    expect(closed.ms).toBeLessThan(CLOSE_WITHIN_MS);
    // And the token opens nothing new.
    const again = await fetch(`${base}/api/v1/services/events`, { headers: { authorization: `Bearer ${leaked.token}` } });
    expect(again.status).toBe(401);
    await sentiment.stop();
  });

  it("S25 logging out closes the session's event stream, and a revocation by another API process is caught within 5 s", async () => {
    const session = await login(t.app, "alice");
    let loggedOutAt = 0;
    const sessionStream = await openEventStream({ cookie: session }, () => loggedOutAt);
    loggedOutAt = Date.now();
    const logout = await t.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie: session } });
    expect(logout.statusCode).toBe(204);
    expect(await withinDeadline(sessionStream.ended, "session event stream")).toBeLessThan(CLOSE_WITHIN_MS);

    // Another process revoked it: this process learns only from the database.
    const token = await createToken();
    let revokedAt = 0;
    const tokenStream = await openEventStream({ authorization: `Bearer ${token.token}` }, () => revokedAt);
    revokedAt = Date.now();
    await t.db.prisma.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    expect(await withinDeadline(tokenStream.ended, "event stream of a token revoked elsewhere")).toBeLessThan(CLOSE_WITHIN_MS);
  });

  it(`S26 event streams are capped per user: the ${MAX_EVENT_STREAMS_PER_USER + 1}th gets 429 problem+json`, async () => {
    const session = await login(t.app, "bob");
    const streams = await Promise.all(Array.from({ length: MAX_EVENT_STREAMS_PER_USER }, () => openEventStream({ cookie: session }, () => 0)));
    try {
      const refused = await fetch(`${base}/api/v1/services/events`, { headers: { cookie: session } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/You have 10 open event streams, the most allowed/);
      // Another user is not affected.
      const other = await openEventStream({ cookie: alice }, () => 0);
      other.abort();
      // Closing one frees a place.
      streams.pop()!.abort();
      const deadline = Date.now() + CLOSE_WITHIN_MS;
      let status = 429;
      while (status === 429 && Date.now() < deadline) {
        const controller = new AbortController();
        const retry = await fetch(`${base}/api/v1/services/events`, { headers: { cookie: session }, signal: controller.signal });
        status = retry.status;
        controller.abort();
        if (status === 429) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe(200);
    } finally {
      for (const stream of streams) stream.abort();
    }
  });
});
