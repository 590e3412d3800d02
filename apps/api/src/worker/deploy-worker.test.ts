// The worker against a real PostgreSQL and real model-server processes (sample-apps).
import { fork } from "node:child_process";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeployServiceRequest } from "@rts/contracts";
import { LocalProcessDriver } from "../runtime/local-process-driver.ts";
import { startTestWorker } from "../testing/test-worker.ts";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import type { DeployWorker } from "./deploy-worker.ts";
import { recordMetering } from "./metering-recorder.ts";
import { waitFor } from "../testing/wait-for.ts";
import { workerEntry, workerExecArgv } from "./worker-supervisor.ts";
import { SERVICE_LIFECYCLE_CHANNEL } from "../jobs/job-queue.ts";

// Far longer than any test here: every change reaches this file's worker as an event.
const NO_RESYNC_MS = 3_600_000;

let t: TestApp;
let cookie: string;
let catalogue: DemoCatalogue;
let worker: DeployWorker;
let driver: LocalProcessDriver;

beforeAll(async () => {
  t = await createTestApp();
  cookie = await login(t.app, "alice");
  catalogue = await demoCatalogue(t.db, "alice");
  driver = new LocalProcessDriver();
  worker = await startTestWorker(t, { driver, meteringIntervalMs: 60_000, resyncIntervalMs: NO_RESYNC_MS });
});
afterAll(async () => {
  await worker.stop();
  await t.close();
});

function config(version: string, overrides: Partial<DeployServiceRequest["configurations"][number]> = {}) {
  return { versionId: catalogue.versions[version]!, trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1, envVars: [], ...overrides };
}

async function deploy(overrides: Partial<DeployServiceRequest>) {
  const response = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie }, payload: deployBody(catalogue, overrides) });
  expect(response.statusCode, response.body).toBe(202);
  return response.json().id as string;
}

async function detail(id: string) {
  return (await t.app.inject({ method: "GET", url: `/api/v1/services/${id}`, headers: { cookie } })).json();
}


const waitForState = (id: string, state: string, timeoutMs?: number) =>
  waitFor(`state ${state}`, async () => {
    const d = await detail(id);
    return d.state === state ? d : undefined;
  }, timeoutMs);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function pidsOf(serviceId: string): Promise<number[]> {
  const rows = await t.db.prisma.instance.findMany({ where: { serviceId }, select: { pid: true } });
  return rows.flatMap((r) => (r.pid ? [r.pid] : []));
}

describe("deploy worker", () => {
  it("R14 takes a deployed service from Deploying to Running with healthy model servers that answer", async () => {
    const id = await deploy({ name: "wk-running", configurations: [config("text-classifier@2.0.0", { computeNodes: 2 })] });
    const running = await waitForState(id, "Running");
    expect(running.instances).toHaveLength(2);
    for (const instance of running.instances) {
      expect(instance.state).toBe("Healthy");
      const answer = await fetch(`http://127.0.0.1:${instance.port}/predict`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "I was charged twice on my invoice" }),
      });
      expect(answer.headers.get("x-model-version")).toBe("2.0.0");
      expect(((await answer.json()) as { label: string }).label).toBe("billing");
    }
    expect(running.events.map((e: { toState: string }) => e.toState)).toEqual(["Running", "Deploying"]);
  });

  it("S12 a model server gets the real env var value, opened only to start it, while the database holds it sealed", async () => {
    const secret = "s12-real-value-for-the-model";
    const id = await deploy({
      name: "wk-env-secret",
      configurations: [config("text-classifier@1.0.0", { envVars: [{ key: "MODEL_GREETING", value: secret }] })],
    });
    await waitForState(id, "Running");
    const [pid] = await pidsOf(id);
    const environ = (await readFile(`/proc/${pid}/environ`, "utf8")).split("\0");
    expect(environ).toContain(`MODEL_GREETING=${secret}`);
    const [row] = await t.db.prisma.$queryRaw<Array<{ text: string }>>`
      SELECT "envVars"::text AS text FROM version_configurations WHERE "serviceId" = ${id}::uuid`;
    expect(row!.text).toContain("MODEL_GREETING");
    expect(row!.text).not.toContain(secret);
    expect(JSON.stringify(await detail(id))).not.toContain(secret);
  });

  it("R14 deploys a 70/30 gray launch that answers through the gateway with both versions", async () => {
    const id = await deploy({
      name: "wk-gateway",
      configurations: [config("text-classifier@1.0.0", { trafficRatio: 70 }), config("text-classifier@2.0.0", { trafficRatio: 30 })],
    });
    await waitForState(id, "Running");
    const token = (await t.app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie }, payload: { name: "worker-test" } })).json().token;
    const versions = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const answer = await t.app.inject({
        method: "POST",
        url: `/v1/infers/${id}`,
        headers: { authorization: `Bearer ${token}` },
        payload: { text: "I cannot log in to my account" },
      });
      expect(answer.statusCode).toBe(200);
      const version = String(answer.headers["x-model-version"]);
      versions.set(version, (versions.get(version) ?? 0) + 1);
    }
    expect([...versions.keys()].sort()).toEqual(["1.0.0", "2.0.0"]);
    expect(versions.get("1.0.0")!).toBeGreaterThan(versions.get("2.0.0")!);
  });

  it("R9 fails a deploy that is not healthy within its timeout, says why, and cleans up its instances", async () => {
    const id = await deploy({
      name: "wk-timeout",
      configurations: [config("text-classifier@1.0.0", { envVars: [{ key: "SAMPLE_NEVER_HEALTHY", value: "1" }] })],
    });
    await waitFor("instance started", async () => (await pidsOf(id)).length > 0);
    const pids = await pidsOf(id);
    // Once its server answers (503: it refuses to become healthy), however slowly a loaded machine starts it.
    await waitFor("the health check's 503", async () =>
      (await t.db.prisma.instance.findFirst({ where: { serviceId: id }, select: { lastCheck: true } }))?.lastCheck?.includes("answered 503"),
    );
    // The smallest timeout is 3 minutes; bring the deadline forward rather than wait.
    await t.db.prisma.service.update({ where: { id }, data: { deployDeadline: new Date(Date.now() + 1500) } });
    // Wakes the worker as an API write would, so it sets its timer for the new deadline.
    await t.db.prisma.$executeRaw`SELECT pg_notify(${SERVICE_LIFECYCLE_CHANNEL}, ${id})`;
    const failed = await waitForState(id, "Failed");
    expect(failed.stateReason).toContain("Instance 1 of text-classifier 1.0.0 in Public resource pool");
    expect(failed.stateReason).toContain("GET /health answered 503");
    expect(failed.stateReason).toContain("checksum");
    expect(failed.instances).toEqual([]);
    await waitFor("processes gone", async () => pids.every((pid) => !alive(pid)));
  });

  it("R9 fails at once, with the model's last output, when its server keeps exiting on start", async () => {
    const id = await deploy({
      name: "wk-crash",
      configurations: [config("text-classifier@1.0.0", { envVars: [{ key: "SAMPLE_EXIT_AFTER_MS", value: "10" }] })],
    });
    const failed = await waitForState(id, "Failed");
    expect(failed.stateReason).toMatch(/exited 3 times without becoming healthy/);
    expect(failed.stateReason).toMatch(/exited with code 1/);
  });

  it("R14 restarts an instance that dies; the service shows Concerning meanwhile and recovers", async () => {
    const id = await deploy({ name: "wk-restart", configurations: [config("text-classifier@1.0.0", { computeNodes: 2 })] });
    const running = await waitForState(id, "Running");
    const victim = await t.db.prisma.instance.findFirstOrThrow({ where: { id: running.instances[0].id } });
    process.kill(victim.pid!, "SIGKILL");
    const recovered = await waitFor("restart", async () => {
      const d = await detail(id);
      return d.state === "Running" && d.instances.find((i: { id: string; restarts: number }) => i.id === victim.id)?.restarts === 1 ? d : undefined;
    });
    const states = recovered.events.map((e: { toState: string }) => e.toState);
    expect(states.slice(0, 2)).toEqual(["Running", "Concerning"]);
    expect(recovered.events[1].reason).toContain("killed by SIGKILL");
  });

  it("R4 splits a multi-pool service's instances evenly over its two pools", async () => {
    const id = await deploy({
      name: "wk-multipool",
      resourcePool: { type: "dedicated", poolIds: [catalogue.pools["pool-new-east"]!, catalogue.pools["pool-new-west"]!] },
      multiPoolLoadBalancing: true,
      configurations: [config("text-classifier@1.0.0", { flavorId: "cpu.8u32g", computeNodes: 2 })],
    });
    const running = await waitForState(id, "Running");
    const byPool = running.instances.map((i: { poolName: string }) => i.poolName).sort();
    expect(byPool).toEqual(["pool-new-east", "pool-new-west"]);
  });

  it("R12 stop keeps quota and ends the processes, start brings them back, delete releases quota and removes everything", async () => {
    const quota = async () => (await t.db.prisma.quota.findUniqueOrThrow({ where: { userId: catalogue.userId } })).vcpuUsed;
    const before = await quota();
    const id = await deploy({ name: "wk-lifecycle", configurations: [config("text-classifier@1.0.0", { computeNodes: 1 })] });
    await waitForState(id, "Running");
    const pids = await pidsOf(id);
    expect(await quota()).toBe(before + 2);

    expect((await t.app.inject({ method: "POST", url: `/api/v1/services/${id}/stop`, headers: { cookie } })).statusCode).toBe(202);
    const stopped = await waitForState(id, "Stopped");
    expect(stopped.instances).toEqual([]);
    await waitFor("processes gone", async () => pids.every((pid) => !alive(pid)));
    expect(await quota()).toBe(before + 2);

    expect((await t.app.inject({ method: "POST", url: `/api/v1/services/${id}/start`, headers: { cookie } })).statusCode).toBe(202);
    await waitForState(id, "Running");
    const restartedPids = await pidsOf(id);

    const removed = await t.app.inject({ method: "DELETE", url: `/api/v1/services/${id}`, headers: { cookie } });
    expect(removed.statusCode).toBe(202);
    expect(await quota()).toBe(before);
    await waitFor("service gone", async () => (await t.db.prisma.service.count({ where: { id } })) === 0);
    await waitFor("processes gone", async () => restartedPids.every((pid) => !alive(pid)));
  });
});

describe("metering", () => {
  it("R13 meters a running public-pool service by flavor x instances x time and dedicated pools by the pool", async () => {
    const id = await deploy({ name: "wk-metering", configurations: [config("text-classifier@1.0.0", { computeNodes: 2 })] });
    await waitForState(id, "Running");
    const start = new Date();
    await t.db.prisma.service.update({ where: { id }, data: { meteredUntil: new Date(start.getTime() - 3_600_000) } });
    await recordMetering(t.db.prisma, start);
    const records = await t.db.prisma.meteringRecord.findMany({ where: { serviceId: id } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ subject: "service", flavorId: "cpu.2u8g", units: 2, milliseconds: 3_600_000n, unitMilliseconds: 7_200_000n, pricePerHourCents: 12 });
    const pools = await t.db.prisma.meteringRecord.findMany({ where: { subject: "pool", poolId: catalogue.pools["pool-new-east"] } });
    expect(pools.at(-1)).toMatchObject({ units: 4, flavorId: "cpu.8u32g", pricePerHourCents: 48 });
    // A second pass at the same instant meters nothing twice.
    expect(await recordMetering(t.db.prisma, start)).toBe(0);
    const read = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/metering`, headers: { cookie } });
    expect(read.json().services[0]).toMatchObject({ id, amountCents: 24, seconds: 3600 });
  });
});

describe("event-driven worker", () => {
  it("a change reaches the worker without waiting for the resync: deploy, stop and start act at once", async () => {
    const id = await deploy({ name: "wk-events", configurations: [config("text-classifier@1.0.0")] });
    await waitForState(id, "Running");
    const stop = await t.app.inject({ method: "POST", url: `/api/v1/services/${id}/stop`, headers: { cookie } });
    expect(stop.statusCode, stop.body).toBe(202);
    const pids = await pidsOf(id);
    await waitForState(id, "Stopped");
    expect(pids.some(alive)).toBe(false);
    const start = await t.app.inject({ method: "POST", url: `/api/v1/services/${id}/start`, headers: { cookie } });
    expect(start.statusCode, start.body).toBe(202);
    await waitForState(id, "Running");
  });

  it("a missed notification is caught by the resync: a stop written straight to the database takes effect", async () => {
    await worker.stop();
    worker = await startTestWorker(t, { driver: new LocalProcessDriver(), meteringIntervalMs: 60_000, resyncIntervalMs: 500 });
    const id = await deploy({ name: "wk-resync", configurations: [config("text-classifier@1.0.0")] });
    await waitForState(id, "Running");
    const pids = await pidsOf(id);
    // No job and no NOTIFY: only a resync can see this.
    await t.db.prisma.service.update({ where: { id }, data: { desiredState: "Stopped", state: "Stopping" } });
    await waitForState(id, "Stopped");
    expect(pids.some(alive)).toBe(false);
  });
});

describe("worker process crash", () => {
  it("R14 a worker SIGKILLed mid-deploy leaves no orphan process, and a new worker finishes the deploy without duplicates", async () => {
    // Hand the service to a separate worker process: stop this file's in-process worker first.
    await worker.stop();
    const startWorker = () =>
      fork(workerEntry, [], {
        execArgv: workerExecArgv,
        env: { ...process.env, DATABASE_URL: t.db.url, LOG_LEVEL: "silent", RUNTIME_DRIVER: "process", ENV_ENCRYPTION_KEY: t.envEncryptionKey.toString("base64") },
        stdio: "ignore",
      });

    const first = startWorker();
    const id = await deploy({
      name: "wk-crash-recovery",
      configurations: [config("text-classifier@1.0.0", { computeNodes: 2, envVars: [{ key: "SAMPLE_STARTUP_DELAY_MS", value: "3000" }] })],
    });
    await waitFor("instances starting", async () => (await pidsOf(id)).length === 2, 30_000);
    const orphans = await pidsOf(id);
    expect((await detail(id)).state).toBe("Deploying");
    first.kill("SIGKILL");
    await waitFor("model servers exit with their worker", async () => orphans.every((pid) => !alive(pid)));

    const second = startWorker();
    try {
      // A fresh worker process on a machine busy with the rest of the suite: give it time.
      const running = await waitForState(id, "Running", 60_000);
      expect(running.instances).toHaveLength(2);
      expect(await t.db.prisma.instance.count({ where: { serviceId: id } })).toBe(2);
    } finally {
      second.kill("SIGTERM");
      await new Promise((resolve) => second.once("exit", resolve));
    }
    // The worker stops its model servers when it stops.
    const last = await pidsOf(id);
    await waitFor("processes gone", async () => last.every((pid) => !alive(pid)));
  }, 150_000);
});
