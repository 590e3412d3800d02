// GET /api/v1/services/:id/metrics over real PostgreSQL: the whole window in equal buckets, empty
// ones included, and the split by version. Calls are written as the gateway's flush writes them,
// at chosen moments; expectations are placed by the `from` the API answers, so a minute turning
// over during the test moves nothing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRICS_QUERY_MESSAGES, METRICS_RANGES, METRICS_RANGE_VALUES, type MetricsRange, type ServiceMetrics } from "@rts/contracts";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import { InferenceMetricsBuffer } from "./metrics.ts";

const MINUTE = 60_000;

let t: TestApp;
let alice: string;
let bob: string;
let cat: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob] = await Promise.all([login(t.app, "alice"), login(t.app, "bob")]);
  cat = await demoCatalogue(t.db, "alice");
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const v = (name: string) => cat.versions[`text-classifier@${name}`]!;

async function deploy(ratios: Record<string, number> = { "1.0.0": 100 }): Promise<string> {
  const configurations = Object.entries(ratios).map(([name, trafficRatio]) => ({
    versionId: v(name),
    trafficRatio,
    flavorId: "cpu.2u8g",
    computeNodes: 1,
    envVars: [],
  }));
  const res = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: deployBody(cat, { configurations }) });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().id as string;
}

async function metrics(serviceId: string, query = "", cookie = alice) {
  return t.app.inject({ method: "GET", url: `/api/v1/services/${serviceId}/metrics${query}`, headers: { cookie } });
}

async function read(serviceId: string, range: MetricsRange): Promise<ServiceMetrics> {
  const res = await metrics(serviceId, `?range=${range}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const slotOf = (body: ServiceMetrics, at: number) => Math.floor((at - Date.parse(body.from)) / (body.stepMinutes * MINUTE));
// Calls a test puts in one bucket start just after a minute turns, so they never straddle two.
const startOfMinute = (at: number) => Math.floor(at / MINUTE) * MINUTE;
const sum = (series: Array<{ calls: number }>) => series.reduce((n, b) => n + b.calls, 0);

describe("the metrics window", () => {
  it("lists every bucket of the chosen range, empty ones as no traffic, ending with the one that holds now", async () => {
    const id = await deploy();
    for (const range of METRICS_RANGE_VALUES) {
      const before = Date.now();
      const body = await read(id, range);
      const { minutes, stepMinutes } = METRICS_RANGES[range];
      expect(body).toMatchObject({ range, stepMinutes, totals: { calls: 0, errors: 0, p50Ms: null, avgMs: null } });
      expect(Date.parse(body.until) - Date.parse(body.from)).toBe(minutes * MINUTE);
      expect(Date.parse(body.until)).toBeGreaterThan(before);
      expect(Date.parse(body.until) - stepMinutes * MINUTE).toBeLessThanOrEqual(Date.now());
      expect(body.series).toHaveLength(minutes / stepMinutes);
      body.series.forEach((bucket, i) => {
        expect(Date.parse(bucket.at)).toBe(Date.parse(body.from) + i * stepMinutes * MINUTE);
        expect(bucket).toMatchObject({ calls: 0, errors: 0, p50Ms: null, p95Ms: null, p99Ms: null });
      });
    }
  });

  it("defaults to the last hour", async () => {
    const id = await deploy();
    const res = await metrics(id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ range: "1h", stepMinutes: 1 });
    expect(res.json().series).toHaveLength(60);
  });

  it("puts each call in the bucket of its time, adds flushes of one bucket together, and leaves out calls before the window", async () => {
    const id = await deploy();
    const now = Date.now();
    const recent = startOfMinute(now - 30 * MINUTE) + 1_000;
    const twoHoursAgo = now - 120 * MINUTE;
    const buffer = new InferenceMetricsBuffer();
    buffer.record(id, v("1.0.0"), 20, false, recent);
    buffer.record(id, v("1.0.0"), 20, true, recent + 1_000);
    await buffer.flush(t.db.prisma);
    buffer.record(id, v("1.0.0"), 700, false, recent + 2_000);
    buffer.record(id, v("1.0.0"), 40, false, twoHoursAgo);
    buffer.record(id, v("1.0.0"), 40, false, now - 25 * 60 * MINUTE);
    await buffer.flush(t.db.prisma);

    const hour = await read(id, "1h");
    expect(hour.totals).toMatchObject({ calls: 3, errors: 1 });
    expect(hour.totals.avgMs).toBeCloseTo((20 + 20 + 700) / 3, 1);
    const slot = slotOf(hour, recent + 2_000);
    expect(hour.series[slot]).toMatchObject({ calls: 3, errors: 1 });
    expect(hour.series[slot]!.p99Ms).toBeGreaterThan(500);
    expect(sum(hour.series)).toBe(3);

    const sixHours = await read(id, "6h");
    expect(sixHours.totals.calls).toBe(4);
    expect(sixHours.series[slotOf(sixHours, twoHoursAgo)]).toMatchObject({ calls: 1 });
    expect(sum(sixHours.series)).toBe(4);

    // A day ago and a bit is outside every window, the longest included.
    expect((await read(id, "24h")).totals.calls).toBe(4);
  });
});

describe("metrics per version", () => {
  it("splits calls, errors and latency by version, for a gray launch, bucket by bucket", async () => {
    const id = await deploy({ "1.0.0": 90, "2.0.0": 10 });
    const now = Date.now();
    const at = startOfMinute(now - 10 * MINUTE) + 1_000;
    const buffer = new InferenceMetricsBuffer();
    for (let i = 0; i < 9; i++) buffer.record(id, v("1.0.0"), 20, false, at + i * 100);
    buffer.record(id, v("2.0.0"), 900, true, at);
    buffer.record(id, v("2.0.0"), 900, false, now - 40 * MINUTE);
    await buffer.flush(t.db.prisma);

    const body = await read(id, "1h");
    expect(body.versions.map((x) => [x.application, x.version, x.trafficRatio])).toEqual([
      ["text-classifier", "1.0.0", 90],
      ["text-classifier", "2.0.0", 10],
    ]);
    const [stable, canary] = body.versions as [ServiceMetrics["versions"][number], ServiceMetrics["versions"][number]];
    expect(stable.totals).toMatchObject({ calls: 9, errors: 0 });
    expect(canary.totals).toMatchObject({ calls: 2, errors: 1 });
    expect(canary.totals.p50Ms!).toBeGreaterThan(stable.totals.p99Ms!);
    for (const version of body.versions) expect(version.series).toHaveLength(60);
    expect(stable.series[slotOf(body, at)]).toMatchObject({ calls: 9, errors: 0 });
    expect(canary.series[slotOf(body, at)]).toMatchObject({ calls: 1, errors: 1 });
    expect(canary.series[slotOf(body, now - 40 * MINUTE)]).toMatchObject({ calls: 1, errors: 0 });
    // The versions add up to the service, bucket by bucket.
    body.series.forEach((bucket, i) => expect(stable.series[i]!.calls + canary.series[i]!.calls).toBe(bucket.calls));
  });

  it("lists a version the service runs with no calls yet as no traffic, and one it no longer runs after the configured ones", async () => {
    const id = await deploy({ "1.0.0": 100 });
    const unknown = randomUUID();
    const buffer = new InferenceMetricsBuffer();
    buffer.record(id, v("2.1.0"), 30, false, Date.now() - 5 * MINUTE);
    buffer.record(id, unknown, 30, false, Date.now() - 5 * MINUTE);
    await buffer.flush(t.db.prisma);

    const body = await read(id, "15m");
    expect(body.versions.map((x) => [x.versionId, x.version, x.trafficRatio, x.totals.calls])).toEqual([
      [v("1.0.0"), "1.0.0", 100, 0],
      ...[
        [v("2.1.0"), "2.1.0", null, 1],
        [unknown, null, null, 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ]);
    expect(body.versions[0]!.series).toHaveLength(15);
    expect(body.versions[0]!.series.every((bucket) => bucket.calls === 0 && bucket.p50Ms === null)).toBe(true);
  });
});

describe("metrics requests", () => {
  it.each(["2h", "0", "", "1H", "15m&range=1h"])("R15 refuses range=%s with a field-level 422 naming the offered ranges", async (range) => {
    const id = await deploy();
    const res = await metrics(id, `?range=${range}`);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().errors).toEqual([{ path: "range", message: METRICS_QUERY_MESSAGES.range }]);
  });

  it("answers 404 for another user's service and for a service that does not exist", async () => {
    const id = await deploy();
    expect((await metrics(id, "?range=1h", bob)).statusCode).toBe(404);
    expect((await metrics(randomUUID(), "?range=1h")).statusCode).toBe(404);
  });
});
