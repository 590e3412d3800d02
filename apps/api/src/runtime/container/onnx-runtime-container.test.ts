// The built-in ONNX runtime inside the model runtime image, on a real engine: ONNX Runtime's CPU
// binding and every library it loads are in the image, and the runtime answers OIP v2 there with
// the same numbers as on this machine.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { freePort, repoRoot } from "@rts/db";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHttpHealth } from "../http-health-check.ts";
import { ContainerDriver } from "./container-driver.ts";
import { ensureRuntimeImage, runtimeImageFiles } from "./model-runtime-image.ts";
import { connectTestEngine } from "../../testing/container-engine.ts";

const logger = pino({ level: "silent" });
const engine = await connectTestEngine();
const APP = "delivery-eta-onnx";
const args = ["--model", `sample-apps/${APP}/2.0.0/model.onnx`, "--model-name", APP, "--model-version", "2.0.0"];
const request = {
  id: "container",
  inputs: [{ name: "features", shape: [3, 3], datatype: "FP32", data: [[4.2, 3, 1], [12.5, 1, 0], [0.8, 9, 1]] }],
};

async function waitHealthy(instance: { host: string; port: number; healthPath?: string }, describeFailure: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await checkHttpHealth(instance)).healthy) {
    if (Date.now() > deadline) throw new Error(`the ONNX runtime never became healthy: ${describeFailure()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function infer(instance: { host: string; port: number }) {
  const response = await fetch(`http://${instance.host}:${instance.port}/v2/models/${APP}/infer`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  return { status: response.status, body: (await response.json()) as { id: string; outputs: Array<{ name: string; shape: number[]; data: number[] }> } };
}

describe("the model runtime image's ONNX runtime", () => {
  it("carries ONNX Runtime's CPU binding for this platform and no GPU provider or other platform's binaries", async () => {
    const targets = (await runtimeImageFiles()).map((f) => f.target);
    const binding = `/app/runtimes/node_modules/onnxruntime-node/bin/napi-v6/${process.platform}/${process.arch}`;
    expect(targets).toEqual(expect.arrayContaining([`${binding}/onnxruntime_binding.node`, "/app/runtimes/onnx/server.mjs", `/app/sample-apps/${APP}/2.0.0/model.onnx`]));
    expect(targets.filter((t) => t.includes("/onnxruntime-node/bin/") && !t.startsWith(`${binding}/`))).toEqual([]);
    expect(targets.filter((t) => /cuda|tensorrt|providers_/i.test(t))).toEqual([]);
    expect(targets.filter((t) => t.includes("/runtimes/") && /\.test\.mjs$|\/testing\//.test(t))).toEqual([]);
  });
});

describe.skipIf(!engine)("the ONNX runtime in a container (R18)", () => {
  let driver: ContainerDriver;
  let local: ChildProcess | undefined;
  const planeId = `test-onnx-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const runtimeImage = await ensureRuntimeImage(engine!.docker, logger);
    driver = new ContainerDriver({ engine: engine!, planeId, runtimeImage, logger });
    await driver.adopt();
  }, 180_000);
  afterAll(async () => {
    local?.kill("SIGTERM");
    await driver?.stopAll();
    await driver?.release();
  });

  it("answers OIP v2 infer in the container with the numbers the same runtime gives on this machine", async () => {
    const instanceId = randomUUID();
    const instance = await driver.launch({
      instanceId,
      serviceId: randomUUID(),
      configurationId: randomUUID(),
      ownerId: randomUUID(),
      entry: "runtimes/onnx/server.mjs",
      args,
      healthPath: "/v2/health/ready",
      modelName: APP,
      modelVersion: "2.0.0",
      env: [],
      limits: { vcpus: 1, memoryGiB: 1, gpus: 0 },
    });
    await waitHealthy({ ...instance, healthPath: "/v2/health/ready" }, () => driver.lastOutput(instanceId));

    const port = await freePort();
    local = spawn(process.execPath, [path.join(repoRoot, "runtimes/onnx/server.mjs"), ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, PORT: String(port) },
      stdio: ["pipe", "ignore", "pipe"],
    });
    let localErrors = "";
    local.stderr?.on("data", (chunk) => (localErrors += chunk));
    await waitHealthy({ host: "127.0.0.1", port }, () => localErrors);

    const inContainer = await infer(instance);
    expect(inContainer.status).toBe(200);
    expect(inContainer.body.id).toBe("container");
    expect(inContainer.body.outputs[0]).toMatchObject({ name: "minutes", shape: [3, 1] });
    expect(inContainer.body.outputs).toEqual((await infer({ host: "127.0.0.1", port })).body.outputs);
  }, 60_000);
});
