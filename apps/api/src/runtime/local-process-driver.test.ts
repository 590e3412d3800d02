// The process driver, the zero-install fallback: when the worker runs as root, a hostile model
// server runs under its owner's unprivileged uid and can't read other processes' environments.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { randomUUID } from "node:crypto";
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
