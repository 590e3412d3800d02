// The inference gateway end to end: real PostgreSQL, real sample model-server processes. No deploy
// worker runs here: a test deploys through the API (the service stays Deploying), starts model
// servers itself, writes their instance rows as Healthy and sets the service Running.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { DeployServiceRequest } from "@rts/contracts";
import { freePort } from "@rts/db";
import { listenOnLoopback, createApiToken, createTestApp, demoCatalogue, deployBody, login, scrapeMetrics, type DemoCatalogue, type TestApp, instanceOf } from "../testing/test-app.ts";
import { startModelServer, stopAllModelServers, type ModelServer } from "../testing/model-servers.ts";
import { pruneExpiredSamples } from "./data-collection.ts";

const PROBLEM_JSON = "application/problem+json";
const MESSAGE = { text: "My card was declined and I need a receipt" };

let t: TestApp;
let alice: string;
let bob: string;
let aliceToken: string;
let bobToken: string;
let cat: DemoCatalogue;
let v1: ModelServer;
let v2: ModelServer;
let base: string;

const createToken = async (cookie: string) => (await createApiToken(t.app, cookie)).token;

interface Placement {
  version: string;
  pool: string;
  port: number;
}

/** Deploys through the API, then plays the worker: Healthy instance rows and state Running. */
async function deployRunning(overrides: Partial<DeployServiceRequest>, placements: Placement[], state: "Running" | "Deploying" = "Running"): Promise<string> {
  const res = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: deployBody(cat, overrides) });
  expect(res.statusCode, res.body).toBe(202);
  const serviceId = res.json().id as string;
  const configurations = await t.db.prisma.versionConfiguration.findMany({ where: { serviceId }, include: { version: true } });
  const ordinals = new Map<string, number>();
  for (const p of placements) {
    const configuration = configurations.find((c) => c.version.version === p.version);
    if (!configuration) throw new Error(`no configuration for ${p.version}`);
    const poolId = cat.pools[p.pool]!;
    const key = `${configuration.id}/${poolId}`;
    const ordinal = ordinals.get(key) ?? 0;
    ordinals.set(key, ordinal + 1);
    await t.db.prisma.instance.create({
      data: { serviceId, ...instanceOf(configuration), poolId, ordinal, state: "Healthy", port: p.port },
    });
  }
  if (state === "Running") await t.db.prisma.service.update({ where: { id: serviceId }, data: { state: "Running" } });
  return serviceId;
}

function infer(serviceId: string, token: string | null, payload: object = MESSAGE) {
  return t.app.inject({
    method: "POST",
    url: `/v1/infers/${serviceId}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    payload,
  });
}

function version(name: string, ratio: number, extra: Partial<DeployServiceRequest["configurations"][number]> = {}) {
  return { versionId: cat.versions[`text-classifier@${name}`]!, trafficRatio: ratio, flavorId: "cpu.2u8g", computeNodes: 1, envVars: [], ...extra };
}

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  bob = await login(t.app, "bob");
  cat = await demoCatalogue(t.db, "alice");
  [aliceToken, bobToken, v1, v2] = await Promise.all([
    createToken(alice),
    createToken(bob),
    startModelServer("text-classifier", "1.0.0"),
    startModelServer("text-classifier", "2.0.0"),
  ]);
  base = await listenOnLoopback(t.app);
}, 60_000);

afterAll(async () => {
  await stopAllModelServers();
  await t?.close();
});

describe("calling a deployed service", () => {
  it("returns the model's answer and X-Model-Version through POST /v1/infers/:serviceId", async () => {
    const id = await deployRunning({}, [{ version: "1.0.0", pool: "public", port: v1.port }]);
    const res = await infer(id, aliceToken);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["x-model-version"]).toBe("1.0.0");
    expect(res.json()).toMatchObject({ version: "1.0.0", label: "billing" });
  });

  it("accepts the owner's session cookie too", async () => {
    const id = await deployRunning({ configurations: [version("2.0.0", 100)] }, [{ version: "2.0.0", pool: "public", port: v2.port }]);
    const res = await t.app.inject({ method: "POST", url: `/v1/infers/${id}`, headers: { cookie: alice }, payload: MESSAGE });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["x-model-version"]).toBe("2.0.0");
  });

  it("passes the model's own 4xx through (a call, not an error)", async () => {
    const id = await deployRunning({}, [{ version: "1.0.0", pool: "public", port: v1.port }]);
    const res = await infer(id, aliceToken, { text: "" });
    expect(res.statusCode).toBe(400);
    expect(res.headers["x-model-version"]).toBe("1.0.0");
    await t.app.gateway.flush();
    const metrics = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/metrics`, headers: { cookie: alice } });
    expect(metrics.json().totals).toMatchObject({ calls: 1, errors: 0 });
  });

  it("R5 splits traffic 70/30 over 1,000 calls within 5 points between two real model processes", async () => {
    const id = await deployRunning({ configurations: [version("1.0.0", 70), version("2.0.0", 30)] }, [
      { version: "1.0.0", pool: "public", port: v1.port },
      { version: "2.0.0", pool: "public", port: v2.port },
    ]);
    const counts: Record<string, number> = {};
    const started = performance.now();
    for (let i = 0; i < 1000; i++) {
      const res = await infer(id, aliceToken);
      expect(res.statusCode).toBe(200);
      const answered = String(res.headers["x-model-version"]);
      expect(res.json().version).toBe(answered);
      counts[answered] = (counts[answered] ?? 0) + 1;
    }
    const elapsed = performance.now() - started;
    console.info(`1,000 gateway calls in ${Math.round(elapsed)} ms (${(elapsed / 1000).toFixed(2)} ms each): ${JSON.stringify(counts)}`);
    expect(counts["1.0.0"]! + counts["2.0.0"]!).toBe(1000);
    expect(Math.abs(counts["1.0.0"]! / 10 - 70)).toBeLessThanOrEqual(5);
  }, 60_000);

  it("R4 multi-pool: serves from both pools, and keeps serving from the other when one pool's instances are gone", async () => {
    const [east1, east2, west1, west2] = await Promise.all([
      startModelServer("text-classifier", "1.0.0"),
      startModelServer("text-classifier", "1.0.0"),
      startModelServer("text-classifier", "1.0.0"),
      startModelServer("text-classifier", "1.0.0"),
    ]);
    const id = await deployRunning(
      {
        multiPoolLoadBalancing: true,
        resourcePool: { type: "dedicated", poolIds: [cat.pools["pool-new-east"]!, cat.pools["pool-new-west"]!] },
        configurations: [version("1.0.0", 100, { flavorId: "cpu.8u32g", computeNodes: 4 })],
      },
      [
        { version: "1.0.0", pool: "pool-new-east", port: east1!.port },
        { version: "1.0.0", pool: "pool-new-east", port: east2!.port },
        { version: "1.0.0", pool: "pool-new-west", port: west1!.port },
        { version: "1.0.0", pool: "pool-new-west", port: west2!.port },
      ],
    );
    for (let i = 0; i < 8; i++) expect((await infer(id, aliceToken)).statusCode).toBe(200);

    // The east pool fails. Until the worker notices, every other call lands on a dead east
    // instance, which refuses the connection before the request is sent: the gateway sends it on
    // to the west pool, so no call fails.
    await Promise.all([east1!.stop(), east2!.stop()]);
    const meanwhile = [];
    for (let i = 0; i < 4; i++) meanwhile.push((await infer(id, aliceToken)).statusCode);
    expect(meanwhile).toEqual([200, 200, 200, 200]);
    // The worker drops the dead instances; the west pool serves everything.
    await t.db.prisma.instance.deleteMany({ where: { serviceId: id, poolId: cat.pools["pool-new-east"]! } });
    t.app.gateway.tables.invalidate(id);
    for (let i = 0; i < 10; i++) {
      const res = await infer(id, aliceToken);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ version: "1.0.0", label: "billing" });
    }
    await Promise.all([west1!.stop(), west2!.stop()]);
  }, 60_000);
});

describe("refusals", () => {
  it("answers 401 problem+json without a token or with an unknown one", async () => {
    const id = await deployRunning({}, [{ version: "1.0.0", pool: "public", port: v1.port }]);
    for (const token of [null, "rts_not-a-real-token"]) {
      const res = await infer(id, token);
      expect(res.statusCode).toBe(401);
      expect(res.headers["content-type"]).toContain(PROBLEM_JSON);
    }
  });

  it("answers bob's token on alice's service exactly like an unknown service: 404", async () => {
    const id = await deployRunning({}, [{ version: "1.0.0", pool: "public", port: v1.port }]);
    const theirs = await infer(id, bobToken);
    const missing = await infer(crypto.randomUUID(), bobToken);
    const garbage = await infer("not-a-uuid", bobToken);
    for (const res of [theirs, missing, garbage]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers["content-type"]).toContain(PROBLEM_JSON);
    }
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined });
    expect(strip(theirs.json())).toEqual(strip(missing.json()));
    // Bob cannot read alice's samples or metrics either.
    for (const path of ["samples", "metrics"]) {
      const res = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/${path}`, headers: { cookie: bob } });
      expect(res.statusCode).toBe(404);
    }
  });

  it("R14 answers 503 naming the state while the service is Deploying", async () => {
    const id = await deployRunning({}, [], "Deploying");
    const res = await infer(id, aliceToken);
    expect(res.statusCode).toBe(503);
    expect(res.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(res.headers["retry-after"]).toBeDefined();
    expect(res.json().detail).toBe("Service is Deploying; it answers once Running.");
  });

  it("R14 tells a console user which button starts a stopped service, and a program which request", async () => {
    const id = await deployRunning({}, [{ version: "1.0.0", pool: "public", port: v1.port }]);
    await t.db.prisma.service.update({ where: { id }, data: { state: "Stopped" } });
    t.app.gateway.tables.invalidate(id);
    const fromConsole = await t.app.inject({ method: "POST", url: `/v1/infers/${id}`, headers: { cookie: alice }, payload: MESSAGE });
    expect(fromConsole.statusCode).toBe(503);
    expect(fromConsole.json().detail).toBe("Service is Stopped. Start the service (the Start button on its page), then call it again once it is Running.");
    const fromProgram = await infer(id, aliceToken);
    expect(fromProgram.json().detail).toBe(`Service is Stopped. Start it with POST /api/v1/services/${id}/start, then call it again once it is Running.`);
  });

  it("answers 503 when the service is Running but no instance is healthy", async () => {
    const id = await deployRunning({}, []);
    const res = await infer(id, aliceToken);
    expect(res.statusCode).toBe(503);
    expect(res.json().detail).toMatch(/no instance is healthy/);
  });

  it("answers 502 naming the version when the model instance cannot be reached, and counts an error", async () => {
    const deadPort = await freePort();
    const id = await deployRunning({ configurations: [version("2.0.0", 100)] }, [{ version: "2.0.0", pool: "public", port: deadPort }]);
    const res = await infer(id, aliceToken);
    expect(res.statusCode).toBe(502);
    expect(res.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(res.json().detail).toMatch(/^Version 2\.0\.0 could not be reached/);
    await t.app.gateway.flush();
    const metrics = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/metrics`, headers: { cookie: alice } });
    expect(metrics.json().totals).toMatchObject({ calls: 1, errors: 1 });
    const prom = await scrapeMetrics(t.app);
    expect(prom.body).toMatch(new RegExp(`rts_inference_requests_total\\{[^}]*service_id="${id}"[^}]*status_class="upstream_error"[^}]*\\} 1`));
  });

  it("R10 R11 traffic limit of 2 rps: the 3rd call in the same second gets 429 problem+json with Retry-After", async () => {
    const id = await deployRunning({ trafficLimit: { requestsPerSecond: 2 } }, [{ version: "1.0.0", pool: "public", port: v1.port }]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await infer(id, aliceToken));
    expect(statuses.map((r) => r.statusCode)).toEqual([200, 200, 429]);
    const limited = statuses[2]!;
    expect(limited.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(limited.json()).toMatchObject({ status: 429, type: "https://rts.local/problems/rate-limited" });
    expect(limited.json().detail).toMatch(/2 calls per second/);
    // Other users do not use up the owner's limit: their calls read as not found, not 429.
    expect((await infer(id, bobToken)).statusCode).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await infer(id, aliceToken)).statusCode).toBe(200);
  });

  it("R10 answers a plain POST to a WebSocket service with 426 telling to use a WebSocket", async () => {
    const id = await deployRunning(
      { websocket: true, configurations: [{ ...version("1.0.0", 100), versionId: cat.versions["sentiment-stream@1.0.0"]! }] },
      [{ version: "1.0.0", pool: "public", port: v1.port }],
    );
    const res = await infer(id, aliceToken);
    expect(res.statusCode).toBe(426);
    expect(res.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(res.json().detail).toMatch(/WebSocket/);
  });
});

describe("plain calls over HTTP: the fast path before Fastify", () => {
  const post = (id: string, token: string, body = JSON.stringify(MESSAGE)) =>
    fetch(`${base}/v1/infers/${id}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body });
  const fastCalls = async () => Number(/^rts_gateway_fast_path_calls_total (\d+)/m.exec((await scrapeMetrics(t.app)).body)?.[1] ?? 0);
  const mine: string[] = [];
  let plain: string;
  let deadPort: number;
  const deployed = async (...args: Parameters<typeof deployRunning>) => {
    const id = await deployRunning(...args);
    mine.push(id);
    return id;
  };

  beforeAll(async () => {
    deadPort = await freePort();
    // One of its two instances refuses every connection: calls that pick it fail over to the other.
    plain = await deployed({ configurations: [version("1.0.0", 100)] }, [
      { version: "1.0.0", pool: "public", port: deadPort },
      { version: "1.0.0", pool: "public", port: v1.port },
    ]);
  });

  // R1 allows alice 20 services and the later tests need their slots and quota: delete them through
  // the API (which releases the quota), then remove the rows as the worker would.
  afterAll(async () => {
    for (const id of mine) {
      const res = await t.app.inject({ method: "DELETE", url: `/api/v1/services/${id}`, headers: { cookie: alice } });
      expect(res.statusCode, res.body).toBeLessThan(300);
    }
    await t.db.prisma.service.deleteMany({ where: { id: { in: mine } } });
  });

  it("R5 answers warm calls with the same answer, security headers, split and metrics as the full route", async () => {
    const id = await deployed({ configurations: [version("1.0.0", 70), version("2.0.0", 30)] }, [
      { version: "1.0.0", pool: "public", port: v1.port },
      { version: "2.0.0", pool: "public", port: v2.port },
    ]);
    const before = await fastCalls();
    const counts: Record<string, number> = {};
    for (let i = 0; i < 400; i++) {
      const res = await post(id, aliceToken);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
      const answered = res.headers.get("x-model-version")!;
      expect(((await res.json()) as { version: string }).version).toBe(answered);
      counts[answered] = (counts[answered] ?? 0) + 1;
    }
    expect(Math.abs(counts["1.0.0"]! / 4 - 70)).toBeLessThanOrEqual(8);
    // The first call reads the token and the table; a table read again after its TTL goes the full way too.
    expect((await fastCalls()) - before).toBeGreaterThan(350);
    await t.app.gateway.flush();
    const metrics = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/metrics`, headers: { cookie: alice } });
    expect(metrics.json().totals).toMatchObject({ calls: 400, errors: 0 });
  });

  it("fails over to another instance when one refuses the connection, and answers 502 problem+json when none can be reached", async () => {
    for (let i = 0; i < 20; i++) expect((await post(plain, aliceToken)).status).toBe(200);
    const dead = await deployed({ configurations: [version("2.0.0", 100)] }, [{ version: "2.0.0", pool: "public", port: deadPort }]);
    const before = await fastCalls();
    for (let i = 0; i < 3; i++) {
      const res = await post(dead, aliceToken);
      expect(res.status).toBe(502);
      expect(res.headers.get("content-type")).toContain(PROBLEM_JSON);
      expect(res.headers.get("x-model-version")).toBe("2.0.0");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(((await res.json()) as { detail: string }).detail).toMatch(/^Version 2\.0\.0 could not be reached \(ECONNREFUSED\)/);
    }
    expect((await fastCalls()) - before).toBeGreaterThanOrEqual(2);
  });

  it("streams a larger answer whole: 256 texts in one call", async () => {
    const texts = Array.from({ length: 256 }, (_, i) => `Invoice ${i} was charged twice, please refund the duplicate payment`);
    expect((await post(plain, aliceToken)).status).toBe(200);
    const res = await post(plain, aliceToken, JSON.stringify({ instances: texts }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Number(res.headers.get("content-length"))).toBe(Buffer.byteLength(text));
    expect((JSON.parse(text) as { predictions: unknown[] }).predictions).toHaveLength(256);
  });

  it("R15 answers a body that is not JSON with the same field-level 400 as the full route", async () => {
    expect((await post(plain, aliceToken)).status).toBe(200);
    const res = await post(plain, aliceToken, '{"text": ');
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain(PROBLEM_JSON);
    const problem = (await res.json()) as { errors: Array<{ rule: string }>; instance: string };
    expect(problem.errors[0]!.rule).toBe("R15");
    expect(problem.instance).toBe(`/v1/infers/${plain}`);
  });

  it("S72 a revoked token is refused at once, although the fast path had its owner cached", async () => {
    const leaked = await createApiToken(t.app, alice);
    for (let i = 0; i < 3; i++) expect((await post(plain, leaked.token)).status).toBe(200);
    const revoke = await t.app.inject({ method: "DELETE", url: `/api/v1/tokens/${leaked.id}`, headers: { cookie: alice } });
    expect(revoke.statusCode).toBe(200);
    expect((await post(plain, leaked.token)).status).toBe(401);
  });

  it("S73 bob's warm token on alice's warm service reads as not found; limits and data collection still apply over HTTP", async () => {
    expect((await post(plain, aliceToken)).status).toBe(200);
    expect((await post(plain, bobToken)).status).toBe(404);
    for (let i = 0; i < 3; i++) expect((await post(plain, bobToken)).status).toBe(404);
    const limited = await deployed({ trafficLimit: { requestsPerSecond: 2 } }, [{ version: "1.0.0", pool: "public", port: v1.port }]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(limited, aliceToken)).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    const sampled = await deployed({ dataCollection: { enabled: true, samplingPercent: 100, retentionDays: 7 } }, [{ version: "1.0.0", pool: "public", port: v1.port }]);
    for (let i = 0; i < 5; i++) expect((await post(sampled, aliceToken)).status).toBe(200);
    await t.app.gateway.flush();
    const samples = await t.app.inject({ method: "GET", url: `/api/v1/services/${sampled}/samples?limit=50`, headers: { cookie: alice } });
    expect(samples.json().items).toHaveLength(5);
  });
});

describe("R11 data collection", () => {
  it("R11 at 100% stores every call's request, response, status and version, readable newest first", async () => {
    const id = await deployRunning({ dataCollection: { enabled: true, samplingPercent: 100, retentionDays: 7 } }, [
      { version: "1.0.0", pool: "public", port: v1.port },
    ]);
    const texts = ["the app crashes on startup", "I forgot my password", "refund my last invoice"];
    for (const text of texts) expect((await infer(id, aliceToken, { text })).statusCode).toBe(200);
    await t.app.gateway.flush();
    const res = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/samples?limit=50`, headers: { cookie: alice } });
    expect(res.statusCode, res.body).toBe(200);
    const { items, dataCollectionEnabled } = res.json();
    expect(dataCollectionEnabled).toBe(true);
    expect(items).toHaveLength(3);
    expect(items.map((s: { request: { text: string } }) => s.request.text)).toEqual([...texts].reverse());
    expect(items[0]).toMatchObject({ statusCode: 200, version: "1.0.0", versionId: cat.versions["text-classifier@1.0.0"], response: { version: "1.0.0" } });
    expect(items[0].response.label).toBeTypeOf("string");
    const expires = new Date(items[0].expiresAt).getTime() - new Date(items[0].at).getTime();
    expect(expires).toBe(7 * 86_400_000);

    // Expired samples are pruned.
    await t.db.prisma.dataCollectionSample.updateMany({ where: { serviceId: id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await pruneExpiredSamples(t.db.prisma)).toBeGreaterThanOrEqual(3);
    expect(await t.db.prisma.dataCollectionSample.count({ where: { serviceId: id } })).toBe(0);
  });

  it("R11 at 0% (and with collection off) stores nothing", async () => {
    const zero = await deployRunning({ dataCollection: { enabled: true, samplingPercent: 1, retentionDays: 1 } }, [
      { version: "1.0.0", pool: "public", port: v1.port },
    ]);
    await t.db.prisma.service.update({ where: { id: zero }, data: { samplingPercent: 0 } });
    const off = await deployRunning({}, [{ version: "1.0.0", pool: "public", port: v1.port }]);
    for (let i = 0; i < 20; i++) {
      expect((await infer(zero, aliceToken)).statusCode).toBe(200);
      expect((await infer(off, aliceToken)).statusCode).toBe(200);
    }
    await t.app.gateway.flush();
    for (const id of [zero, off]) {
      const res = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/samples`, headers: { cookie: alice } });
      expect(res.json().items).toEqual([]);
    }
  });
});

describe("metrics", () => {
  it("counts calls and latency per minute and per answering version (API) and in Prometheus text (/metrics)", async () => {
    const id = await deployRunning({ configurations: [version("1.0.0", 50), version("2.0.0", 50)] }, [
      { version: "1.0.0", pool: "public", port: v1.port },
      { version: "2.0.0", pool: "public", port: v2.port },
    ]);
    const answered = new Map<string, number>();
    const call = async () => {
      const res = await infer(id, aliceToken);
      expect(res.statusCode).toBe(200);
      const answeredBy = String(res.headers["x-model-version"]);
      answered.set(answeredBy, (answered.get(answeredBy) ?? 0) + 1);
    };
    for (let i = 0; i < 5; i++) await call();
    await t.app.gateway.flush();
    // A second flush adds to the same minute row instead of replacing it.
    await call();
    await t.app.gateway.flush();
    const res = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/metrics?range=1h`, headers: { cookie: alice } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.totals).toMatchObject({ calls: 6, errors: 0 });
    expect(body.totals.p50Ms).toBeGreaterThan(0);
    expect(body.totals.p99Ms).toBeGreaterThanOrEqual(body.totals.p50Ms);
    expect(body.series).toHaveLength(60);
    expect(body.series.reduce((n: number, m: { calls: number }) => n + m.calls, 0)).toBe(6);
    expect(body.series[0]).toHaveProperty("at");
    expect(body.versions.map((x: { version: string; totals: { calls: number } }) => [x.version, x.totals.calls])).toEqual([
      ["1.0.0", answered.get("1.0.0") ?? 0],
      ["2.0.0", answered.get("2.0.0") ?? 0],
    ]);

    const bad = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/metrics?range=0`, headers: { cookie: alice } });
    expect(bad.statusCode).toBe(422);

    const prom = await scrapeMetrics(t.app);
    expect(prom.statusCode).toBe(200);
    expect(prom.headers["content-type"]).toContain("text/plain");
    for (const [answeredBy, count] of answered) {
      expect(prom.body).toMatch(new RegExp(`rts_inference_requests_total\\{service_id="${id}",version="${answeredBy}",status_class="2xx"\\} ${count}`));
    }
    expect(prom.body).toContain("rts_inference_duration_seconds_bucket");
    expect(prom.body).toContain("process_cpu_user_seconds_total");
  });
});

describe("WebSocket services", () => {
  it("R10 proxies a WebSocket round trip to the real sentiment-stream server (token as subprotocol)", async () => {
    const sentiment = await startModelServer("sentiment-stream", "1.0.0");
    const id = await deployRunning(
      { websocket: true, configurations: [{ ...version("1.0.0", 100), versionId: cat.versions["sentiment-stream@1.0.0"]! }] },
      [{ version: "1.0.0", pool: "public", port: sentiment.port }],
    );
    const url = `${base.replace("http", "ws")}/v1/infers/${id}`;
    const socket = new WebSocket(url, ["rts", `bearer.${aliceToken}`]);
    let modelVersion: string | undefined;
    socket.on("upgrade", (response) => (modelVersion = String(response.headers["x-model-version"])));
    const messages: Array<{ type: string; [k: string]: unknown }> = [];
    const done = new Promise<void>((resolve, reject) => {
      socket.on("message", (data) => {
        const message = JSON.parse(data.toString()) as { type: string };
        messages.push(message);
        if (message.type === "done") resolve();
      });
      socket.on("error", reject);
    });
    // Sent right away: the gateway holds messages until the upstream socket is open.
    socket.on("open", () => socket.send(JSON.stringify({ text: "not good at all" })));
    await done;
    expect(socket.protocol).toBe("rts");
    expect(modelVersion).toBe("1.0.0");
    expect(messages.filter((m) => m.type === "token").map((m) => m.word)).toEqual(["not", "good", "at", "all"]);
    expect(messages.at(-1)).toMatchObject({ type: "done", version: "1.0.0", label: "negative" });

    const prom = await scrapeMetrics(t.app);
    expect(prom.body).toMatch(new RegExp(`rts_inference_requests_total\\{service_id="${id}",version="1.0.0",status_class="1xx"\\} 1`));

    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    socket.close(1000, "bye");
    expect(await closed).toBe(1000);

    // Without credentials the handshake is refused with 401; bob's token reads as not found.
    for (const [protocols, status] of [[[], 401], [["rts", `bearer.${bobToken}`], 404]] as const) {
      const refused = new WebSocket(url, [...protocols]);
      const error = await new Promise<Error>((resolve) => refused.on("error", resolve));
      expect(error.message).toContain(String(status));
    }
    await sentiment.stop();
  });
});

describe("live service states", () => {
  it("streams the owner's service-state changes as Server-Sent Events, and only to the owner", async () => {
    const controller = new AbortController();
    const open = async (cookie: string) => {
      const res = await fetch(`${base}/api/v1/services/events`, { headers: { cookie }, signal: controller.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/event-stream");
      const reader = res.body!.getReader();
      const stream = { text: "" };
      void (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            stream.text += new TextDecoder().decode(value);
          }
        } catch {
          // aborted at the end of the test
        }
      })();
      return stream;
    };
    const waitFor = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 10_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      const aliceStream = await open(alice);
      const bobStream = await open(bob);
      await waitFor(() => aliceStream.text.includes(": connected") && bobStream.text.includes(": connected"), "the streams to open");

      const id = await deployRunning({}, [{ version: "1.0.0", pool: "public", port: v1.port }]);
      expect((await infer(id, aliceToken)).statusCode).toBe(200); // its routing table is now cached
      const stop = await t.app.inject({ method: "POST", url: `/api/v1/services/${id}/stop`, headers: { cookie: alice } });
      expect(stop.statusCode, stop.body).toBe(202);
      await waitFor(() => aliceStream.text.includes(`"state":"Stopping"`), "the Stopping event");

      const events = aliceStream.text
        .split("\n\n")
        .filter((frame) => frame.startsWith("event: service-state"))
        .map((frame) => JSON.parse(frame.split("\ndata: ")[1]!) as { serviceId: string; state: string });
      // Each frame says the state as the database has it when sent: the last one is the stop.
      expect(events.filter((e) => e.serviceId === id).map((e) => e.state).at(-1)).toBe("Stopping");
      expect(bobStream.text).not.toContain(id);
      // The notification also dropped the cached routing table: the stopping service refuses at once.
      expect((await infer(id, aliceToken)).json().detail).toMatch(/^Service is Stopping/);
    } finally {
      controller.abort();
    }
  });
});
