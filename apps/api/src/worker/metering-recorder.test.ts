// R13 to the cent: the recorder meters a public-pool service and a dedicated pool in many short,
// uneven records (as a worker ticking every few seconds, late or early, would), on a real
// PostgreSQL, and the API's totals match price x time to the cent and to the micro-cent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, demoCatalogue, deployBody, instanceOf, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import { recordMetering } from "./metering-recorder.ts";

let t: TestApp;
let alice: string;
let catalogue: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  catalogue = await demoCatalogue(t.db, "alice");
});
afterAll(async () => t?.close());

// Each test meters its own stretch of the past, so no other subject (metered from its creation,
// now) falls inside it.
let nextEpoch = Date.parse("2026-01-01T00:00:00.000Z");
function epoch(): Date {
  const start = new Date(nextEpoch);
  nextEpoch += 7 * 24 * 3_600_000;
  return start;
}

/** Deploys on the public pool and plays the worker: `instances` Healthy cpu.2u8g ($0.12/h) instances. */
async function runningService(instances: number, meteredFrom: Date): Promise<string> {
  const body = deployBody(catalogue, {
    configurations: [{ versionId: catalogue.versions["text-classifier@1.0.0"]!, trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: instances, envVars: [] }],
  });
  const response = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: body });
  expect(response.statusCode, response.body).toBe(202);
  const serviceId = response.json().id as string;
  const configuration = await t.db.prisma.versionConfiguration.findFirstOrThrow({ where: { serviceId } });
  await t.db.prisma.instance.createMany({
    data: Array.from({ length: instances }, (_, ordinal) => ({ serviceId, ...instanceOf(configuration), poolId: catalogue.pools.public!, ordinal, state: "Healthy" as const })),
  });
  await t.db.prisma.service.update({ where: { id: serviceId }, data: { state: "Running", meteredUntil: meteredFrom } });
  return serviceId;
}

/** Uneven steps of 1 ms to 59.999 s (a fixed sequence, so a failure replays), ending exactly at `totalMs`. */
function unevenSteps(count: number, totalMs: number): number[] {
  let seed = 12_345;
  const raw = Array.from({ length: count }, () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return 1 + (seed % 59_999);
  });
  const scale = totalMs / raw.reduce((sum, step) => sum + step, 0);
  const steps = raw.map((step) => Math.max(1, Math.floor(step * scale)));
  steps[steps.length - 1]! += totalMs - steps.reduce((sum, step) => sum + step, 0);
  expect(steps.every((step) => step > 0 && step < 60_000)).toBe(true);
  return steps;
}

async function meterSteps(start: Date, steps: number[]): Promise<Date> {
  let at = start.getTime();
  for (const step of steps) {
    at += step;
    await recordMetering(t.db.prisma, new Date(at));
  }
  return new Date(at);
}

async function metering(url: string) {
  const response = await t.app.inject({ method: "GET", url, headers: { cookie: alice } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** price x units x time, in cents and micro-cents, from plain arithmetic rather than the contract. */
function expected(pricePerHourCents: number, units: number, milliseconds: number) {
  const cents = (pricePerHourCents * units * milliseconds) / 3_600_000;
  return { cents: Math.round(cents), microCents: Math.round(cents * 1_000_000) };
}

// Hundreds of recorder passes, each a few queries: generous on a busy machine, never a speed check.
describe("R13 metering to the cent", { timeout: 180_000 }, () => {
  it("R13 a public-pool service metered in 400 partial-minute records totals price x instances x time to the cent", async () => {
    const start = epoch();
    const serviceId = await runningService(2, start);
    // 3 h 7 min 13.457 s on 2 x cpu.2u8g: 74.88971 cents.
    const runMs = ((3 * 60 + 7) * 60 + 13) * 1000 + 457;
    await meterSteps(start, unevenSteps(400, runMs));

    const read = await metering(`/api/v1/services/${serviceId}/metering`);
    const want = expected(12, 2, runMs);
    expect(want).toEqual({ cents: 75, microCents: 74_889_713 });
    expect(read.records).toHaveLength(400);
    expect(read.totalCents).toBe(want.cents);
    expect(read.totalMicroCents).toBe(want.microCents);
    expect(read.services).toEqual([
      { id: serviceId, name: expect.any(String), seconds: 11_233, milliseconds: runMs, unitMilliseconds: 2 * runMs, amountCents: 75, amountMicroCents: 74_889_713 },
    ]);
    // Every record alone is under half a cent: records rounded to whole cents would have billed $0.00.
    expect(read.records.every((r: { amountCents: number; amountMicroCents: number }) => r.amountCents === 0 && r.amountMicroCents > 0)).toBe(true);
  });

  it("R13 a dedicated pool metered in 300 partial-minute records totals price x nodes x time to the cent", async () => {
    const start = epoch();
    const east = catalogue.pools["pool-new-east"]!;
    await t.db.prisma.resourcePool.update({ where: { id: east }, data: { meteredUntil: start } });
    // pool-new-east: 4 nodes of cpu.8u32g ($0.48/h) for 23 min 2 s: 73.70667 cents, where cents
    // per one-minute record made 69.
    const runMs = (23 * 60 + 2) * 1000;
    await meterSteps(start, unevenSteps(300, runMs));

    const read = await metering(`/api/v1/pools/${east}/metering`);
    expect(expected(48, 4, runMs)).toEqual({ cents: 74, microCents: 73_706_667 });
    expect(read).toMatchObject({ totalCents: 74, totalMicroCents: 73_706_667 });
    expect(read.pools).toEqual([
      { id: east, name: "pool-new-east", seconds: 1382, milliseconds: runMs, unitMilliseconds: 4 * runMs, amountCents: 74, amountMicroCents: 73_706_667 },
    ]);
    expect(read.records).toHaveLength(300);
    expect(read.records.every((r: { units: number; pricePerHourCents: number }) => r.units === 4 && r.pricePerHourCents === 48)).toBe(true);
  });

  it("R13 a single short record keeps its fraction of a cent", async () => {
    const start = epoch();
    const serviceId = await runningService(1, start);
    // 1.5 s of one cpu.2u8g instance: 0.005 cent, which a whole-cent record lost.
    await recordMetering(t.db.prisma, new Date(start.getTime() + 1_500));
    const read = await metering(`/api/v1/services/${serviceId}/metering`);
    expect(read).toMatchObject({ totalCents: 0, totalMicroCents: 5_000 });
    expect(read.records).toEqual([
      expect.objectContaining({ units: 1, seconds: 2, milliseconds: 1_500, unitMilliseconds: 1_500, pricePerHourCents: 12, amountCents: 0, amountMicroCents: 5_000 }),
    ]);
  });

  it("R13 23 one-minute records of a $0.12/h service cost 4.6 cents, not $0.00", async () => {
    const start = epoch();
    const serviceId = await runningService(1, start);
    await meterSteps(start, Array.from({ length: 23 }, () => 60_000));
    const read = await metering(`/api/v1/services/${serviceId}/metering`);
    expect(read).toMatchObject({ totalCents: 5, totalMicroCents: 4_600_000 });
    expect(read.records.every((r: { amountMicroCents: number }) => r.amountMicroCents === 200_000)).toBe(true);
  });

  it("R13 two recorders at once bill each period once", async () => {
    const start = epoch();
    const serviceId = await runningService(1, start);
    let at = start.getTime();
    for (let round = 0; round < 20; round++) {
      at += 30_000;
      await Promise.all([recordMetering(t.db.prisma, new Date(at)), recordMetering(t.db.prisma, new Date(at - 7_000))]);
    }
    // The recorder that lost a race meters its part on the next pass.
    await recordMetering(t.db.prisma, new Date(at));
    const read = await metering(`/api/v1/services/${serviceId}/metering`);
    expect(read.services[0]).toMatchObject({ milliseconds: at - start.getTime(), amountMicroCents: 2_000_000 });
    const records = await t.db.prisma.meteringRecord.findMany({ where: { serviceId }, orderBy: { periodStart: "asc" } });
    records.slice(1).forEach((record, i) => expect(record.periodStart).toEqual(records[i]!.periodEnd));
  });
});
