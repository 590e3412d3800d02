// The container driver against a real engine (Podman's Docker-compatible service in CI, Docker on
// users' machines): each S-test is an attack by a hostile model server that must fail.
import { randomUUID } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkHttpHealth } from "../http-health-check.ts";
import type { InstanceExit, InstanceLaunch, LaunchedInstance } from "../runtime-driver.ts";
import { ContainerDriver, PIDS_LIMIT } from "./container-driver.ts";
import { containerName } from "./container-labels.ts";
import { ensureRuntimeImage, ensureSampleImage } from "./model-runtime-image.ts";
import { connectTestEngine } from "../../testing/container-engine.ts";

const HOSTILE_IMAGE = "localhost/rts-test/hostile-model:latest";
const PACKAGE_IMAGE = "localhost/rts-test/package-model:latest";
const fixtures = path.resolve(fileURLToPath(import.meta.url), "../../../testing/fixtures");
const hostileSource = path.join(fixtures, "hostile-model.mjs");
const logger = pino({ level: "silent" });
const engine = await connectTestEngine();

describe.skipIf(!engine)("container driver (R18)", () => {
  let driver: ContainerDriver;
  let runtimeImage: string;
  const planeId = `test-${randomUUID().slice(0, 8)}`;
  const exits: InstanceExit[] = [];
  const owners = { attacker: randomUUID(), victim: randomUUID() };

  beforeAll(async () => {
    runtimeImage = await ensureRuntimeImage(engine!.docker, logger);
    await ensureSampleImage(engine!.docker, runtimeImage, HOSTILE_IMAGE, "testing/hostile-model.mjs", [
      { target: "/app/testing/hostile-model.mjs", source: hostileSource },
    ]);
    // As a version's build makes one: the package's files at /model, its server as the command.
    await ensureSampleImage(engine!.docker, runtimeImage, PACKAGE_IMAGE, "testing/package-model-server.mjs", [
      { target: "/app/testing/package-model-server.mjs", source: path.join(fixtures, "package-model-server.mjs") },
      { target: "/model/weights.txt", source: path.join(fixtures, "package-weights.txt") },
    ]);
    driver = new ContainerDriver({ engine: engine!, planeId, runtimeImage, logger });
    driver.onExit((exit) => exits.push(exit));
    await driver.adopt();
  }, 120_000);
  afterAll(async () => {
    await driver?.stopAll();
    await driver?.release();
    await engine?.docker.getImage(PACKAGE_IMAGE).remove().catch(() => {});
  });

  async function launch(overrides: Partial<InstanceLaunch> = {}): Promise<LaunchedInstance & { instanceId: string }> {
    const instanceId = randomUUID();
    const launched = await driver.launch({
      instanceId,
      serviceId: randomUUID(),
      configurationId: randomUUID(),
      ownerId: owners.attacker,
      entry: "sample-apps/text-classifier/server.mjs",
      args: ["--model-version", "1.0.0"],
      healthPath: "/health",
      modelName: "text-classifier",
      modelVersion: "1.0.0",
      env: [],
      limits: { vcpus: 1, memoryGiB: 1, gpus: 0 },
      ...overrides,
    });
    const deadline = Date.now() + 20_000;
    while (!(await checkHttpHealth(launched)).healthy) {
      if (Date.now() > deadline) throw new Error(`instance never healthy: ${driver.lastOutput(instanceId)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { ...launched, instanceId };
  }

  async function probe(instance: LaunchedInstance, body: unknown) {
    const response = await fetch(`http://${instance.host}:${instance.port}/predict`, { method: "POST", body: JSON.stringify(body) });
    return (await response.json()) as {
      uid: number;
      status: string;
      environments: Array<{ pid: number; env: string[] }>;
      connections: Array<{ host: string; port: number; result: string }>;
    };
  }

  it("S1 a model reading /proc/*/environ finds only its own environment: no other user's secret, no database URL", async () => {
    await launch({ ownerId: owners.victim, env: [{ key: "VICTIM_API_KEY", value: "victim-secret-4711" }] });
    const attacker = await launch({ image: HOSTILE_IMAGE, env: [{ key: "MY_SETTING", value: "mine" }] });
    const found = await probe(attacker, {});
    const everything = JSON.stringify(found.environments);
    expect(found.environments.length).toBeGreaterThan(0);
    expect(everything).not.toContain("victim-secret-4711");
    expect(everything).not.toMatch(/DATABASE_URL|postgres(ql)?:\/\//);
    for (const { env } of found.environments) {
      const names = env.map((entry) => entry.split("=")[0]!);
      // Only what the platform sets and the configuration's own variables.
      expect(names.filter((n) => !["PATH", "HOSTNAME", "HOME", "container", "TERM"].includes(n)).sort()).toEqual(
        ["HOST", "MODEL_NAME", "MODEL_VERSION", "MY_SETTING", "PORT", "RTS_INSTANCE_ID", "RTS_SERVICE_ID"],
      );
    }
  });

  it("S2 a model cannot connect to the database's port, the API's port or another user's instance", async () => {
    const databasePort = Number(new URL(inject("testDatabaseAdminUrl")).port);
    const api = http.createServer((_request, response) => response.end("control plane"));
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const apiPort = (api.address() as { port: number }).port;
    try {
      const victim = await launch({ ownerId: owners.victim });
      const attacker = await launch({ image: HOSTILE_IMAGE });
      const found = await probe(attacker, {
        targets: [
          { host: "127.0.0.1", port: databasePort },
          { host: "127.0.0.1", port: apiPort },
          { host: victim.host, port: victim.port },
        ],
        ports: [databasePort, apiPort],
      });
      expect(found.connections.length).toBeGreaterThanOrEqual(3);
      expect(found.connections.filter((c) => c.result === "open")).toEqual([]);
      // The gateway (this process) does reach both.
      expect((await checkHttpHealth(victim)).healthy).toBe(true);
    } finally {
      api.close();
    }
  });

  it("S3 a model that allocates past its memory limit is killed, and the reason says out of memory with the limit", async () => {
    const attacker = await launch({ image: HOSTILE_IMAGE, limits: { vcpus: 1, memoryGiB: 0.125, gpus: 0 } });
    await probe(attacker, { allocateMiB: 400 }).catch(() => undefined);
    const deadline = Date.now() + 15_000;
    while (!exits.some((e) => e.instanceId === attacker.instanceId)) {
      if (Date.now() > deadline) throw new Error("the over-allocating instance was not reported as ended");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(exits.find((e) => e.instanceId === attacker.instanceId)!.reason).toBe("the container was killed: out of memory (limit 128 MiB)");
    expect(driver.isRunning(attacker.instanceId)).toBe(false);
  });

  it("S4 an instance runs as an unprivileged user with no capabilities, a read-only root filesystem and its specification as hard limits", async () => {
    const attacker = await launch({ image: HOSTILE_IMAGE, limits: { vcpus: 2, memoryGiB: 1, gpus: 0 } });
    const found = await probe(attacker, {});
    expect(found.uid).toBeGreaterThan(0);
    expect(found.status).toMatch(/^CapEff:\s+0+$/m);
    expect(found.status).toMatch(/^NoNewPrivs:\s+1$/m);
    const inspected = await engine!.docker.getContainer(containerName(attacker.instanceId)).inspect();
    expect(inspected.HostConfig).toMatchObject({ ReadonlyRootfs: true, Memory: 1024 ** 3, NanoCpus: 2e9, PidsLimit: PIDS_LIMIT });
    expect(inspected.HostConfig.CapDrop?.length).toBeGreaterThan(0);
    expect(inspected.Config.User).not.toMatch(/^(0|root)(:|$)/);
  });

  it("R14 a version built into an image runs its own command on its own port, with MODEL_DIR=/model, and is checked on its health path", async () => {
    const instanceId = randomUUID();
    const launched = await driver.launch({
      instanceId,
      serviceId: randomUUID(),
      configurationId: randomUUID(),
      ownerId: owners.victim,
      entry: "",
      args: [],
      image: PACKAGE_IMAGE,
      port: 9090,
      modelDir: "/var/lib/rts/versions/package-model",
      healthPath: "/ready-now",
      modelName: "package-model",
      modelVersion: "1.0.0",
      env: [],
      limits: { vcpus: 1, memoryGiB: 1, gpus: 0 },
    });
    expect(launched.port).toBe(9090);
    const target = { instanceId, host: launched.host, port: launched.port, healthPath: "/ready-now" };
    const deadline = Date.now() + 20_000;
    let health = await driver.checkHealth(target);
    while (!health.healthy && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = await driver.checkHealth(target);
    }
    expect(health).toEqual({ healthy: true, detail: "GET /ready-now answered 200" });
    const seen = (await (await fetch(`http://${launched.host}:${launched.port}/`)).json()) as { weights: string; env: Record<string, string> };
    expect(seen.weights).toBe("w=0.25");
    expect(seen.env).toMatchObject({ MODEL_DIR: "/model", MODEL_NAME: "package-model", PORT: "9090" });
    await driver.stop(instanceId);
  });

  it("R18 a new driver for the same control plane adopts the running containers instead of restarting them", async () => {
    const instance = await launch();
    const successor = new ContainerDriver({ engine: engine!, planeId, runtimeImage, logger });
    try {
      expect(await successor.adopt()).toContain(instance.instanceId);
      expect(successor.isRunning(instance.instanceId)).toBe(true);
      const other = new ContainerDriver({ engine: engine!, planeId: `${planeId}-other`, runtimeImage, logger });
      expect(await other.adopt()).not.toContain(instance.instanceId);
      await other.release();
    } finally {
      await successor.release();
    }
    expect((await checkHttpHealth(instance)).healthy).toBe(true);
  });
});
