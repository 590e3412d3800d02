// The process driver, the zero-install fallback: when the worker runs as root, a hostile model
// server runs under its owner's unprivileged uid and can't read other processes' environments.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { randomUUID } from "node:crypto";
import { chmod, copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkHttpHealth } from "./http-health-check.ts";
import { LocalProcessDriver } from "./local-process-driver.ts";

const driver = new LocalProcessDriver();
afterAll(() => driver.stopAll());

async function launch(ownerId: string, entry: string, env: Array<{ key: string; value: string }> = []) {
  const instanceId = randomUUID();
  const launched = await driver.launch({
    instanceId,
    serviceId: randomUUID(),
    configurationId: randomUUID(),
    ownerId,
    entry,
    args: ["--model-version", "1.0.0"],
    healthPath: "/health",
    modelName: "text-classifier",
    modelVersion: "1.0.0",
    env,
    limits: { vcpus: 1, memoryGiB: 1, gpus: 0 },
  });
  const deadline = Date.now() + 15_000;
  while (!(await checkHttpHealth(launched)).healthy) {
    if (Date.now() > deadline) throw new Error(`never healthy: ${driver.lastOutput(instanceId)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return launched;
}

describe.skipIf(process.getuid?.() !== 0)("local process driver as root", () => {
  it("S7 a hostile model runs under its owner's unprivileged uid and reads no other process's environment", async () => {
    // A control-plane process with a secret in its environment, as the API and worker have.
    const controlPlane = spawn("sleep", ["60"], { env: { DATABASE_URL: "postgresql://postgres:s3cret@127.0.0.1:5432/rts" } });
    try {
      await launch(randomUUID(), "sample-apps/text-classifier/server.mjs", [{ key: "VICTIM_API_KEY", value: "victim-secret-4711" }]);
      const attacker = await launch(randomUUID(), "apps/api/src/testing/fixtures/hostile-model.mjs");
      const found = (await (await fetch(`http://${attacker.host}:${attacker.port}/predict`, { method: "POST", body: "{}" })).json()) as {
        uid: number;
        environments: Array<{ pid: number; env: string[] }>;
      };
      expect(found.uid).toBeGreaterThanOrEqual(200_000);
      const everything = JSON.stringify(found.environments);
      expect(everything).not.toContain("victim-secret-4711");
      expect(everything).not.toContain("s3cret");
      expect(found.environments.every(({ env }) => env.some((e) => e === `PORT=${attacker.port}`))).toBe(true);
    } finally {
      controlPlane.kill();
      await once(controlPlane, "exit");
    }
  });
});

const packageServer = path.resolve(fileURLToPath(import.meta.url), "../../testing/fixtures/package-model-server.mjs");

describe("local process driver: a version's own package", () => {
  it("R14 runs an absolute entry from its model folder with MODEL_DIR, checks its own health path and passes none of the worker's environment", async () => {
    const modelDir = await mkdtemp(path.join(os.tmpdir(), "rts-package-"));
    await chmod(modelDir, 0o755);
    await copyFile(packageServer, path.join(modelDir, "server.mjs"));
    await writeFile(path.join(modelDir, "weights.txt"), "w=0.25\n");
    await Promise.all(["server.mjs", "weights.txt"].map((file) => chmod(path.join(modelDir, file), 0o644)));
    process.env.RTS_TEST_WORKER_SECRET = "worker-only";
    try {
      const instanceId = randomUUID();
      const launched = await driver.launch({
        instanceId,
        serviceId: randomUUID(),
        configurationId: randomUUID(),
        ownerId: randomUUID(),
        entry: path.join(modelDir, "server.mjs"),
        args: [],
        modelDir,
        healthPath: "/ready-now",
        modelName: "my-model",
        modelVersion: "1.0.0",
        env: [{ key: "THRESHOLD", value: "0.5" }],
        limits: { vcpus: 1, memoryGiB: 1, gpus: 0 },
      });
      const target = { instanceId, host: launched.host, port: launched.port, healthPath: "/ready-now" };
      const deadline = Date.now() + 15_000;
      let health = await driver.checkHealth(target);
      while (!health.healthy && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        health = await driver.checkHealth(target);
      }
      expect(health).toEqual({ healthy: true, detail: "GET /ready-now answered 200" });
      const seen = (await (await fetch(`http://${launched.host}:${launched.port}/`)).json()) as { cwd: string; weights: string; env: Record<string, string> };
      expect(seen.cwd).toBe(modelDir);
      expect(seen.weights).toBe("w=0.25");
      expect(seen.env).toMatchObject({ MODEL_DIR: modelDir, MODEL_NAME: "my-model", MODEL_VERSION: "1.0.0", THRESHOLD: "0.5", PORT: String(launched.port) });
      expect(seen.env.RTS_TEST_WORKER_SECRET).toBeUndefined();
      expect(Object.keys(seen.env).filter((key) => key.startsWith("DATABASE"))).toEqual([]);
      await driver.stop(instanceId);
      expect((await driver.checkHealth(target)).detail).toBe("GET /ready-now: connection refused (nothing listening on the port yet)");
    } finally {
      delete process.env.RTS_TEST_WORKER_SECRET;
      await rm(modelDir, { recursive: true, force: true });
    }
  });
});
