// The deploy worker with the container driver against a real engine, real PostgreSQL and the
// gateway: faults under load (R18: the data plane outlives the control plane, state stays true).
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeployServiceRequest } from "@rts/contracts";
import { ContainerDriver } from "../runtime/container/container-driver.ts";
import { containerName, controlPlaneId } from "../runtime/container/container-labels.ts";
import { ensureRuntimeImage } from "../runtime/container/model-runtime-image.ts";
import { connectTestEngine } from "../testing/container-engine.ts";
import { listenOnLoopback, createApiToken, createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import { waitFor as waitUntil } from "../testing/wait-for.ts";
import { workerEntry, workerExecArgv } from "./worker-supervisor.ts";

const engine = await connectTestEngine();
const logger = pino({ level: "silent" });

describe.skipIf(!engine)("worker on containers (R18)", () => {
  let t: TestApp;
  let cookie: string;
  let token: string;
  let catalogue: DemoCatalogue;
  let base: string;
  let worker: ChildProcess | undefined;

  function startWorker(): ChildProcess {
    const child = fork(workerEntry, [], {
      execArgv: workerExecArgv,
      env: {
        ...process.env,
        DATABASE_URL: t.db.url,
        LOG_LEVEL: process.env.DEBUG_WORKER ? "info" : "silent",
        RUNTIME_DRIVER: "container",
        ENV_ENCRYPTION_KEY: t.envEncryptionKey.toString("base64"),
      },
      stdio: process.env.DEBUG_WORKER ? "inherit" : "ignore",
    });
    worker = child;
    return child;
  }

  beforeAll(async () => {
    t = await createTestApp();
    cookie = await login(t.app, "alice");
    catalogue = await demoCatalogue(t.db, "alice");
    token = (await createApiToken(t.app, cookie, "faults")).token;
    base = await listenOnLoopback(t.app);
    startWorker();
  }, 120_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      worker.kill("SIGTERM");
      await once(worker, "exit");
    }
    const driver = new ContainerDriver({
      engine: engine!,
      planeId: await controlPlaneId(t.db.url),
      runtimeImage: await ensureRuntimeImage(engine!.docker, logger),
      logger,
    });
    await driver.stopAll();
    await t?.close();
  }, 60_000);

  async function deploy(overrides: Partial<DeployServiceRequest>): Promise<string> {
    const response = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie }, payload: deployBody(catalogue, overrides) });
    expect(response.statusCode, response.body).toBe(202);
    return response.json().id as string;
  }

  const waitFor = <T,>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 40_000) => waitUntil(what, probe, timeoutMs, 50);

  async function state(id: string): Promise<string> {
    return (await t.db.prisma.service.findUniqueOrThrow({ where: { id }, select: { state: true } })).state;
  }


  /** 20 calls a second through the gateway until stopped; every answer's status is kept. */
  function load(id: string) {
    const statuses: number[] = [];
    const failures: string[] = [];
    const inFlight = new Set<Promise<void>>();
    const timer = setInterval(() => {
      const call = fetch(`${base}/v1/infers/${id}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ text: "I was charged twice this month" }),
      })
        .then(async (response) => {
          const body = await response.text();
          statuses.push(response.status);
          if (response.status !== 200) failures.push(body);
        })
        .catch(() => {
          statuses.push(0);
        })
        .finally(() => inFlight.delete(call));
      inFlight.add(call);
    }, 50);
    return {
      statuses,
      failures,
      inFlight: () => inFlight.size,
      async stop() {
        clearInterval(timer);
        await Promise.all(inFlight);
        return { total: statuses.length, failed: statuses.filter((s) => s !== 200).length };
      },
    };
  }

  async function containerIds(serviceId: string): Promise<string[]> {
    const instances = await t.db.prisma.instance.findMany({ where: { serviceId }, orderBy: { ordinal: "asc" } });
    return Promise.all(instances.map(async (i) => (await engine!.docker.getContainer(containerName(i.id)).inspect()).Id));
  }

  function twoInstances(name: string): Partial<DeployServiceRequest> {
    return {
      name,
      configurations: [
        { versionId: catalogue.versions["text-classifier@1.0.0"]!, trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 2, envVars: [] },
      ],
    };
  }

  it("R14 deploys a service as containers that answer through the gateway, a container-image version from its own image", async () => {
    const id = await deploy({
      name: "ct-image",
      configurations: [
        { versionId: catalogue.versions["number-regressor@1.0.0"]!, trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1, envVars: [] },
      ],
    });
    await waitFor("Running", async () => (await state(id)) === "Running");
    const answer = await fetch(`${base}/v1/infers/${id}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ features: { distanceKm: 4.2, items: 3, rushHour: 0 } }),
    });
    expect(answer.status, await answer.clone().text()).toBe(200);
    const [instance] = await t.db.prisma.instance.findMany({ where: { serviceId: id } });
    const inspected = await engine!.docker.getContainer(containerName(instance!.id)).inspect();
    expect(inspected.Config.Image).toBe("localhost/rts-samples/number-regressor:latest");
    expect(instance!.host).toBe(Object.values(inspected.NetworkSettings.Networks)[0]!.IPAddress);
  });

  it("S5 kill -9 of the worker under 20 calls/s fails no call, and the next worker adopts the containers with 0 restarts", async () => {
    const id = await deploy(twoInstances("ct-worker-kill"));
    await waitFor("Running", async () => (await state(id)) === "Running");
    const before = await containerIds(id);
    const traffic = load(id);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const killed = worker!;
    killed.kill("SIGKILL");
    await once(killed, "exit");
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    startWorker();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const result = await traffic.stop();
    expect(result.total).toBeGreaterThan(150);
    expect(result.failed).toBe(0);
    expect(await state(id)).toBe("Running");
    expect(await containerIds(id)).toEqual(before);
    const instances = await t.db.prisma.instance.findMany({ where: { serviceId: id } });
    expect(instances.map((i) => i.restarts)).toEqual([0, 0]);
  }, 60_000);

  it("S6 kill -9 of one instance: the service leaves Running within 2 s and comes back; only calls in flight to it may fail", async () => {
    const id = await deploy(twoInstances("ct-instance-kill"));
    await waitFor("Running", async () => (await state(id)) === "Running");
    const traffic = load(id);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const [victim] = await t.db.prisma.instance.findMany({ where: { serviceId: id }, orderBy: { ordinal: "asc" } });
    const pid = (await engine!.docker.getContainer(containerName(victim!.id)).inspect()).State.Pid;
    const killedAt = Date.now();
    const inFlightAtKill = traffic.inFlight();
    process.kill(pid, "SIGKILL");
    await waitFor("leaving Running", async () => (await state(id)) !== "Running", 10_000);
    const leftAfterMs = Date.now() - killedAt;
    await waitFor("Running again", async () => (await state(id)) === "Running");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const result = await traffic.stop();
    expect(leftAfterMs).toBeLessThan(2_000);
    // Calls sent after the kill are retried on the other instance; only those already in flight
    // (at most) may fail.
    expect(result.failed, JSON.stringify(traffic.failures)).toBeLessThanOrEqual(inFlightAtKill);
    const events = await t.db.prisma.serviceEvent.findMany({ where: { serviceId: id }, orderBy: { at: "asc" } });
    expect(events.find((e) => e.toState === "Concerning")?.reason).toMatch(/the container was killed by SIGKILL \(exit code 137\)/);
  }, 60_000);
});
