// R17 through the HTTP API on a real PostgreSQL: setting auto stop at deploy (and every refusal),
// the free-specification cap, autoStopAt in the list and details, the countdown on start and stop,
// and a real worker with real model-server processes stopping an expired service by itself.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AUTO_STOP_MESSAGES, type DeployServiceRequest } from "@rts/contracts";
import { startTestWorker } from "../../../../testing/test-worker.ts";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../../../../testing/test-app.ts";
import { waitFor } from "../../../../testing/wait-for.ts";
import { stopExpiredServices } from "../../../../worker/auto-stop.ts";
import type { DeployWorker } from "../../../../worker/deploy-worker.ts";

const HOUR_MS = 3_600_000;
const PROBLEM_JSON = "application/problem+json";

let t: TestApp;
let alice: string;
let catalogue: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  catalogue = await demoCatalogue(t.db, "alice");
});
afterAll(async () => t?.close());

function deploy(body: unknown) {
  return t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: body as object });
}

async function detail(id: string) {
  const response = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}`, headers: { cookie: alice } });
  expect(response.statusCode).toBe(200);
  return response.json();
}

function act(id: string, verb: "stop" | "start") {
  return t.app.inject({ method: "POST", url: `/api/v1/services/${id}/${verb}`, headers: { cookie: alice } });
}

function freeConfiguration(): DeployServiceRequest["configurations"] {
  return [{ ...deployBody(catalogue).configurations[0]!, flavorId: "cpu.free.1u4g" }];
}

/** Deploys and answers the service with the window its countdown must have started in. */
async function deployTimed(overrides: Partial<DeployServiceRequest>) {
  const before = Date.now();
  const response = await deploy(deployBody(catalogue, overrides));
  const after = Date.now();
  expect(response.statusCode, response.body).toBe(202);
  return { service: response.json(), before, after };
}

function expectCountdown(autoStopAt: string | null, hours: number, window: { before: number; after: number }) {
  expect(autoStopAt).not.toBeNull();
  const at = Date.parse(autoStopAt!);
  expect(at).toBeGreaterThanOrEqual(window.before + hours * HOUR_MS);
  expect(at).toBeLessThanOrEqual(window.after + hours * HOUR_MS);
}

async function serviceCount(): Promise<number> {
  return t.db.prisma.service.count({ where: { ownerId: catalogue.userId } });
}

describe("R17 auto stop settings", () => {
  // Without a worker, deployed services stay Deploying; each test removes its own.
  afterEach(async () => {
    for (const { id } of await t.db.prisma.service.findMany({ where: { ownerId: catalogue.userId }, select: { id: true } })) {
      const removed = await t.app.inject({ method: "DELETE", url: `/api/v1/services/${id}`, headers: { cookie: alice } });
      expect([202, 204]).toContain(removed.statusCode);
    }
  });

  it.each([1, 2, 4, 6, 13, 24])("R17 accepts auto stop after %i hour(s) at deploy and counts down from the deploy", async (hours) => {
    const { service, ...window } = await deployTimed({ autoStop: { hours } });
    expect(service.autoStop).toEqual({ hours });
    expectCountdown(service.autoStopAt, hours, window);
  });

  it("R17 an absent or null auto stop never stops the service", async () => {
    const { autoStop: _omitted, ...withoutAutoStop } = deployBody(catalogue);
    for (const body of [withoutAutoStop, deployBody(catalogue, { autoStop: null })]) {
      const response = await deploy(body);
      expect(response.statusCode, response.body).toBe(202);
      expect(response.json()).toMatchObject({ autoStop: null, autoStopAt: null });
    }
  });

  it.each([
    ["0", { hours: 0 }],
    ["25", { hours: 25 }],
    ["1.5", { hours: 1.5 }],
    ['"2"', { hours: "2" }],
    ["-1", { hours: -1 }],
    ["null hours", { hours: null }],
  ])("R17 refuses %s hours with the R17 field message and writes nothing", async (_label, autoStop) => {
    const before = await serviceCount();
    const response = await deploy({ ...deployBody(catalogue), autoStop });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(response.json().errors).toEqual([{ path: "autoStop.hours", rule: "R17", message: AUTO_STOP_MESSAGES.hours }]);
    expect(await serviceCount()).toBe(before);
  });

  it("R17 refuses an auto stop that is not an object of hours", async () => {
    for (const autoStop of [2, "2h", [2], { hours: 2, minutes: 30 }]) {
      const response = await deploy({ ...deployBody(catalogue), autoStop });
      expect(response.statusCode, response.body).toBe(422);
      const errors = response.json().errors as Array<{ path: string; rule: string }>;
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.path.startsWith("autoStop") && (e.rule === "R17" || e.rule === "R15")), response.body).toBe(true);
    }
    expect(await serviceCount()).toBe(0);
  });

  it("R17 reports a bad auto stop together with every other field error of the request", async () => {
    const response = await deploy({ ...deployBody(catalogue), name: "9-starts-with-a-digit", timeoutMinutes: 2, autoStop: { hours: 25 } });
    expect(response.statusCode).toBe(422);
    const errors = response.json().errors as Array<{ path: string; rule: string; message: string }>;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "name", rule: "R2" }),
        expect.objectContaining({ path: "timeoutMinutes", rule: "R9" }),
        { path: "autoStop.hours", rule: "R17", message: AUTO_STOP_MESSAGES.hours },
      ]),
    );
    expect(response.json().detail).toContain(`${errors.length} problems`);
  });

  it("R17 a free specification always stops after 1 hour, even when 6 hours or never was asked", async () => {
    for (const autoStop of [{ hours: 6 }, null, { hours: 1 }]) {
      const { service, ...window } = await deployTimed({ autoStop, configurations: freeConfiguration() });
      // What the operator set is kept (a later move off the free specification honours it); the
      // countdown is the free specification's hour.
      expect(service.autoStop).toEqual(autoStop);
      expectCountdown(service.autoStopAt, 1, window);
    }
  });

  it("R17 the list and the details both show when the service stops itself", async () => {
    const { service } = await deployTimed({ autoStop: { hours: 6 } });
    const never = (await deployTimed({ autoStop: null })).service;
    const list = await t.app.inject({ method: "GET", url: "/api/v1/services?pageSize=100", headers: { cookie: alice } });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<{ id: string; autoStopAt: string | null }>;
    expect(items.find((i) => i.id === service.id)!.autoStopAt).toBe(service.autoStopAt);
    expect(items.find((i) => i.id === never.id)!.autoStopAt).toBeNull();
    expect((await detail(service.id)).autoStopAt).toBe(service.autoStopAt);
    expect(new Date(service.autoStopAt).toISOString()).toBe(service.autoStopAt);
  });

  it("R17 stop clears the countdown; start restarts it from the start with the same hours (the free hour on a free specification)", async () => {
    for (const overrides of [{ autoStop: { hours: 4 } }, { autoStop: null, configurations: freeConfiguration() }]) {
      const hours = overrides.autoStop?.hours ?? 1;
      const { service } = await deployTimed(overrides);
      await t.db.prisma.service.update({ where: { id: service.id }, data: { state: "Running" } });
      const stopped = await act(service.id, "stop");
      expect(stopped.statusCode).toBe(202);
      expect(stopped.json().autoStopAt).toBeNull();
      await t.db.prisma.service.update({ where: { id: service.id }, data: { state: "Stopped" } });
      expect((await detail(service.id)).autoStopAt).toBeNull();

      const before = Date.now();
      const started = await act(service.id, "start");
      const after = Date.now();
      expect(started.statusCode).toBe(202);
      expect(started.json().state).toBe("Deploying");
      expectCountdown(started.json().autoStopAt, hours, { before, after });
      expect(started.json().autoStop).toEqual(overrides.autoStop);
    }
  });

  it("R17 start of a service without auto stop keeps it without one", async () => {
    const { service } = await deployTimed({ autoStop: null });
    await t.db.prisma.service.update({ where: { id: service.id }, data: { state: "Failed" } });
    const started = await act(service.id, "start");
    expect(started.statusCode).toBe(202);
    expect(started.json().autoStopAt).toBeNull();
  });
});

describe("R17 auto stop by the worker", () => {
  let worker: DeployWorker;

  async function startWorker(): Promise<DeployWorker> {
    const started = await startTestWorker(t, { autoStopIntervalMs: 200 });
    return started;
  }

  beforeAll(async () => {
    worker = await startWorker();
  });
  afterAll(async () => worker?.stop());

  const waitForState = (id: string, state: string) =>
    waitFor(`state ${state}`, async () => {
      const d = await detail(id);
      return d.state === state ? d : undefined;
    });

  function alive(pid: number): boolean {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  async function vcpusUsed(): Promise<number> {
    return (await t.db.prisma.quota.findUniqueOrThrow({ where: { userId: catalogue.userId } })).vcpuUsed;
  }

  it("R17 the worker stops a running service once its time has passed: AutoStopped, Stopped, processes gone, quota kept", async () => {
    const { service } = await deployTimed({ name: "as-expires", autoStop: { hours: 2 } });
    const running = await waitForState(service.id, "Running");
    const pids = (await t.db.prisma.instance.findMany({ where: { serviceId: service.id } })).map((i) => i.pid!);
    expect(pids.length).toBe(1);
    const quotaWhileRunning = await vcpusUsed();

    // Two hours are not waited for: the service's time is made to have just passed.
    const dueAt = new Date(Date.now() - 1000);
    await t.db.prisma.service.update({ where: { id: service.id }, data: { autoStopAt: dueAt } });
    const stopped = await waitForState(service.id, "Stopped");

    expect(stopped.instances).toEqual([]);
    expect(stopped.autoStopAt).toBeNull();
    await waitFor("model server gone", async () => pids.every((pid) => !alive(pid)));
    expect(await vcpusUsed()).toBe(quotaWhileRunning);

    const events = stopped.events as Array<{ type: string; fromState: string | null; toState: string; reason: string }>;
    const autoStopped = events.filter((e) => e.type === "AutoStopped");
    expect(autoStopped).toHaveLength(1);
    expect(autoStopped[0]).toMatchObject({ fromState: running.state, toState: "Stopping" });
    expect(autoStopped[0]!.reason).toContain("stopped itself after 2 hours, as set");
    expect(autoStopped[0]!.reason).toContain(dueAt.toISOString());
    expect(events[0]).toMatchObject({ toState: "Stopped" });
    expect(stopped.stateReason).toMatch(/^Stopped/);
  });

  it("R17 a service stopped by hand is not auto-stopped; started again, it counts down from the start, not from the deploy", async () => {
    const { service } = await deployTimed({ name: "as-restarted", autoStop: { hours: 1 } });
    await waitForState(service.id, "Running");
    expect((await act(service.id, "stop")).statusCode).toBe(202);
    const stopped = await waitForState(service.id, "Stopped");
    expect(stopped.autoStopAt).toBeNull();
    expect(await stopExpiredServices(t.db.prisma, t.jobs, new Date(Date.now() + 48 * HOUR_MS))).toBe(0);

    const started = await act(service.id, "start");
    expect(started.statusCode).toBe(202);
    const restartedAt = Date.parse(started.json().autoStopAt);
    expect(restartedAt).toBeGreaterThan(Date.parse(service.autoStopAt));
    await waitForState(service.id, "Running");
    // The moment the deploy's hour would have ended passes without a stop.
    expect(await stopExpiredServices(t.db.prisma, t.jobs, new Date(service.autoStopAt))).toBe(0);
    const later = await detail(service.id);
    expect(later.state).toBe("Running");
    expect(later.autoStopAt).toBe(started.json().autoStopAt);
    expect(later.events.filter((e: { type: string }) => e.type === "AutoStopped")).toEqual([]);
  });

  it("R17 a service whose time passed while no worker ran is stopped by the next worker as it starts, not served again", async () => {
    const { service } = await deployTimed({ name: "as-while-down", autoStop: { hours: 6 } });
    await waitForState(service.id, "Running");
    await worker.stop();
    const dueAt = new Date(Date.now() - HOUR_MS);
    await t.db.prisma.service.update({ where: { id: service.id }, data: { autoStopAt: dueAt } });

    worker = await startWorker();
    // Its start stops what came due before it reconciles anything, so nothing is launched again.
    const stopped = await detail(service.id);
    expect(stopped.state).toBe("Stopped");
    expect(stopped.instances).toEqual([]);
    const autoStopped = stopped.events.filter((e: { type: string }) => e.type === "AutoStopped");
    expect(autoStopped).toHaveLength(1);
    expect(autoStopped[0].reason).toContain(`after 6 hours, as set (due at ${dueAt.toISOString()})`);
  });
});
