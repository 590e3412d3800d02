// R18: the data plane outlives the control plane. `kill -9` of the API (its worker follows it),
// then the start command again on the same data folder: the leftover PostgreSQL is taken over, the
// demo service's containers are adopted with no restart, and it serves again.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_API_TOKEN, freePort } from "@rts/db";
import { LABELS } from "./runtime/container/container-labels.ts";
import { connectTestEngine } from "./testing/container-engine.ts";
import { waitFor } from "./testing/wait-for.ts";

const apiDir = path.resolve(fileURLToPath(import.meta.url), "../..");
const tsxLoader = import.meta.resolve("tsx");
const engine = await connectTestEngine();
const started: ChildProcess[] = [];
let dataDir: string | undefined;

async function start(instancesOnShutdown: "keep" | "stop") {
  dataDir ??= await mkdtemp(path.join(os.tmpdir(), "rts-restart-test-"));
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", tsxLoader, "src/server.ts"], {
    cwd: apiDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
      RUNTIME_DRIVER: "container",
      METRICS_PORT: "0",
      INSTANCES_ON_SHUTDOWN: instancesOnShutdown,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ok = await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, base };
}

// A first start may build the model runtime image before the demo can run.
const LIVE_TIMEOUT_MS = 60_000;
const auth = { authorization: `Bearer ${DEMO_API_TOKEN}` };

async function demoService(base: string): Promise<{ id: string; state: string }> {
  const list = (await (await fetch(`${base}/api/v1/services?q=demo-classifier`, { headers: auth })).json()) as { items: Array<{ id: string; state: string }> };
  return list.items[0]!;
}


const predict = (base: string, id: string) =>
  fetch(`${base}/v1/infers/${id}`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ text: "I was charged twice this month" }),
  }).then((r) => r.status, () => 0);

async function containers(serviceId: string) {
  const list = await engine!.docker.listContainers({ filters: { label: [`${LABELS.service}=${serviceId}`] } });
  return list.map((c) => ({ id: c.Id, state: c.State })).sort((a, b) => a.id.localeCompare(b.id));
}

afterAll(async () => {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}, 60_000);

describe.skipIf(!engine)("kill -9 of the API (R18)", () => {
  it("S8 the next start takes over the leftover PostgreSQL, adopts the running containers with 0 restarts, serves and watches them", async () => {
    const first = await start("keep");
    let service = await demoService(first.base);
    await waitFor("demo Running", async () => (service = await demoService(first.base)).state === "Running", LIVE_TIMEOUT_MS);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push(await predict(first.base, service.id));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    const before = await containers(service.id);
    expect(before).toHaveLength(2);

    first.child.kill("SIGKILL");
    await once(first.child, "exit");
    // The worker notices its API is gone and exits too; the containers keep running.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await containers(service.id)).toEqual(before);

    const second = await start("stop");
    await waitFor("the new worker ready", async () => ((await (await fetch(`${second.base}/api/v1/health`)).json()) as { worker?: string }).worker === "ready", LIVE_TIMEOUT_MS);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await demoService(second.base)).state).toBe("Running");
    for (let i = 0; i < 20; i++) expect(await predict(second.base, service.id)).toBe(200);
    expect(await containers(service.id)).toEqual(before);
    const restarts = async () =>
      ((await (await fetch(`${second.base}/api/v1/services/${service.id}`, { headers: auth })).json()) as { instances: Array<{ restarts: number }> }).instances
        .map((i) => i.restarts)
        .sort();
    expect(await restarts()).toEqual([0, 0]);
    // The new worker watches what it adopted: an adopted instance that dies is restarted.
    process.kill((await engine!.docker.getContainer(before[0]!.id).inspect()).State.Pid, "SIGKILL");
    await waitFor("the killed instance restarted", async () => (await restarts()).join() === "0,1", LIVE_TIMEOUT_MS);
    await waitFor("Running again", async () => (await demoService(second.base)).state === "Running", LIVE_TIMEOUT_MS);
  }, 180_000);
});
