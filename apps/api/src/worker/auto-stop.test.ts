// R17's auto-stop pass against a real PostgreSQL and job queue, with the clock passed in: which
// services it stops, that it stops each once, and that it yields to the operator's own actions.
// No runtime runs here; the worker's part after Stopping is deploy-worker's and auto-stop.test.ts's
// in routes/api/v1/services.
import { randomUUID } from "node:crypto";
import type { ServiceState } from "@rts/db";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SERVICE_LIFECYCLE_QUEUE } from "../jobs/job-queue.ts";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import { AUTO_STOP_EVENT, stopExpiredServices } from "./auto-stop.ts";

const HOUR_MS = 3_600_000;

let t: TestApp;
let alice: string;
let catalogue: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  catalogue = await demoCatalogue(t.db, "alice");
});
afterAll(async () => t?.close());

// Each test starts with no services, so a pass only sees the ones the test made. Deleting through
// the API gives their quota back; rows left Deleting (no worker here) are then removed.
afterEach(async () => {
  for (const { id } of await t.db.prisma.service.findMany({ where: { ownerId: catalogue.userId }, select: { id: true } })) {
    expect([202, 204]).toContain((await t.app.inject({ method: "DELETE", url: `/api/v1/services/${id}`, headers: { cookie: alice } })).statusCode);
  }
  await t.db.prisma.service.deleteMany({ where: { ownerId: catalogue.userId } });
});

async function deployed(overrides: Parameters<typeof deployBody>[1], state: ServiceState = "Running") {
  const response = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: deployBody(catalogue, overrides) });
  expect(response.statusCode, response.body).toBe(202);
  const id = response.json().id as string;
  const row = await t.db.prisma.service.update({ where: { id }, data: { state } });
  return { id, autoStopAt: row.autoStopAt! };
}

function autoStopEvents(serviceId: string) {
  return t.db.prisma.serviceEvent.findMany({ where: { serviceId, type: AUTO_STOP_EVENT } });
}

async function stopJobs(serviceId: string): Promise<number> {
  const [row] = await t.db.prisma.$queryRaw<Array<{ n: bigint }>>`
    SELECT count(*) AS n FROM pgboss.job
    WHERE name = ${SERVICE_LIFECYCLE_QUEUE} AND data->>'serviceId' = ${serviceId} AND data->>'action' = 'stop'`;
  return Number(row!.n);
}

async function heldVcpus(serviceId: string): Promise<number> {
  const sum = await t.db.prisma.quotaLedgerEntry.aggregate({ where: { serviceId }, _sum: { vcpus: true } });
  return sum._sum.vcpus ?? 0;
}

describe("auto-stop pass", () => {
  it("R17 stops a live service once its time has come, from every live state, as a stop that keeps the quota", async () => {
    const live: ServiceState[] = ["Deploying", "Updating", "Running", "Concerning", "Abnormal"];
    const services = [];
    for (const state of live) services.push({ state, ...(await deployed({ autoStop: { hours: 2 } }, state)) });
    const dueAt = new Date(Math.max(...services.map((s) => s.autoStopAt.getTime())));

    expect(await stopExpiredServices(t.db.prisma, t.jobs, new Date(dueAt.getTime() - 1))).toBe(services.length - 1);
    expect(await stopExpiredServices(t.db.prisma, t.jobs, dueAt)).toBe(1);

    for (const { id, state } of services) {
      const row = await t.db.prisma.service.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ state: "Stopping", desiredState: "Stopped", autoStopAt: null });
      const [event] = await autoStopEvents(id);
      expect(event).toMatchObject({ fromState: state, toState: "Stopping" });
      expect(event!.reason).toContain("stopped itself after 2 hours, as set");
      expect(await stopJobs(id)).toBe(1);
      // R12: a stopped public-pool service still holds its flavor x nodes.
      expect(await heldVcpus(id)).toBe(2);
    }
  });

  it("R17 does not stop a service before its time", async () => {
    const { id, autoStopAt } = await deployed({ autoStop: { hours: 1 } });
    expect(await stopExpiredServices(t.db.prisma, t.jobs, new Date(autoStopAt.getTime() - 1000))).toBe(0);
    expect((await t.db.prisma.service.findUniqueOrThrow({ where: { id } })).state).toBe("Running");
    expect(await autoStopEvents(id)).toEqual([]);
  });

  it("R17 a service whose time passed while no worker ran stops at the next pass, and the event says when it was due", async () => {
    const { id, autoStopAt } = await deployed({ autoStop: { hours: 4 } });
    expect(await stopExpiredServices(t.db.prisma, t.jobs, new Date(autoStopAt.getTime() + 3 * HOUR_MS))).toBe(1);
    const [event] = await autoStopEvents(id);
    expect(event!.reason).toContain(`due at ${autoStopAt.toISOString()}`);
    expect(event!.reason).toContain("after 4 hours, as set");
  });

  it("R17 says a free specification is why it stopped after 1 hour, or 'as set' when 1 hour was asked", async () => {
    const free = { flavorId: "cpu.free.1u4g" };
    const base = deployBody(catalogue).configurations[0]!;
    const never = await deployed({ autoStop: null, configurations: [{ ...base, ...free }] });
    const six = await deployed({ autoStop: { hours: 6 }, configurations: [{ ...base, ...free }] });
    const one = await deployed({ autoStop: { hours: 1 }, configurations: [{ ...base, ...free }] });
    expect(await stopExpiredServices(t.db.prisma, t.jobs, new Date(Math.max(never.autoStopAt.getTime(), six.autoStopAt.getTime(), one.autoStopAt.getTime())))).toBe(3);
    for (const { id } of [never, six]) {
      expect((await autoStopEvents(id))[0]!.reason).toContain("after 1 hour because it runs on a free specification");
    }
    expect((await autoStopEvents(one.id))[0]!.reason).toContain("after 1 hour, as set");
  });

  it.each(["Stopping", "Stopped", "Failed", "Deleting"] as const)("R17 leaves a %s service alone even when its time has passed", async (state) => {
    const { id, autoStopAt } = await deployed({ autoStop: { hours: 1 } }, state);
    expect(await stopExpiredServices(t.db.prisma, t.jobs, new Date(autoStopAt.getTime() + HOUR_MS))).toBe(0);
    expect((await t.db.prisma.service.findUniqueOrThrow({ where: { id } })).state).toBe(state);
    expect(await autoStopEvents(id)).toEqual([]);
  });

  it("R17 never stops a service twice: passes running at the same time stop it once", async () => {
    const { id, autoStopAt } = await deployed({ autoStop: { hours: 1 } });
    const now = new Date(autoStopAt.getTime() + 1);
    const stopped = await Promise.all(Array.from({ length: 6 }, () => stopExpiredServices(t.db.prisma, t.jobs, now)));
    expect(stopped.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await autoStopEvents(id)).toHaveLength(1);
    expect(await stopJobs(id)).toBe(1);
    expect(await stopExpiredServices(t.db.prisma, t.jobs, new Date(now.getTime() + 24 * HOUR_MS))).toBe(0);
  });

  it("R17 an operator's stop racing the auto stop: exactly one of them stops the service", async () => {
    for (let round = 0; round < 5; round++) {
      const { id, autoStopAt } = await deployed({ autoStop: { hours: 1 } });
      const [byHand, byClock] = await Promise.all([
        t.app.inject({ method: "POST", url: `/api/v1/services/${id}/stop`, headers: { cookie: alice } }),
        stopExpiredServices(t.db.prisma, t.jobs, autoStopAt),
      ]);
      const requested = await t.db.prisma.serviceEvent.count({ where: { serviceId: id, toState: "Stopping" } });
      expect(requested).toBe(1);
      expect(await stopJobs(id)).toBe(1);
      if (byHand.statusCode === 202) expect(byClock).toBe(0);
      else expect([byHand.statusCode, byClock]).toEqual([409, 1]);
    }
  });

  it("R17 a service stopped by hand is not auto-stopped later, and a deleted one never", async () => {
    const stoppedByHand = await deployed({ autoStop: { hours: 1 } });
    const stop = await t.app.inject({ method: "POST", url: `/api/v1/services/${stoppedByHand.id}/stop`, headers: { cookie: alice } });
    expect(stop.statusCode).toBe(202);
    expect(stop.json().autoStopAt).toBeNull();
    await t.db.prisma.service.update({ where: { id: stoppedByHand.id }, data: { state: "Stopped" } });

    const deleted = await deployed({ autoStop: { hours: 1 } });
    await t.db.prisma.instance.create({
      data: {
        serviceId: deleted.id,
        configurationId: null,
        versionId: catalogue.versions["text-classifier@1.0.0"]!,
        specId: randomUUID(),
        poolId: catalogue.pools.public!,
        flavorId: "cpu.2u8g",
        ordinal: 0,
      },
    });
    expect((await t.app.inject({ method: "DELETE", url: `/api/v1/services/${deleted.id}`, headers: { cookie: alice } })).statusCode).toBe(202);

    expect(await stopExpiredServices(t.db.prisma, t.jobs, new Date(Date.now() + 48 * HOUR_MS))).toBe(0);
    expect(await autoStopEvents(stoppedByHand.id)).toEqual([]);
    expect(await autoStopEvents(deleted.id)).toEqual([]);
    expect((await t.db.prisma.service.findUniqueOrThrow({ where: { id: deleted.id } })).state).toBe("Deleting");
  });
});
