// Runs the product's own entry point, `apps/api/src/server.ts`, as a separate Node process (as in
// production), so the load generator's CPU does not run on the server's event loop. server.ts
// seeds the demo data and starts its supervised deploy worker process, which starts one
// model server per instance (a process, or a container with the container driver).
// Stopping sends SIGTERM to the API process only: it stops the worker, which stops its model
// servers (process driver: they also exit on their own if their parent dies; container driver:
// INSTANCES_ON_SHUTDOWN=stop, set by the caller, makes the worker remove its containers).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@rts/db";

const SERVER_ENTRY = fileURLToPath(new URL("../apps/api/src/server.ts", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
// The container driver's worker builds (or finds cached) its images before it reports ready.
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 25_000;
const OUTPUT_TAIL_CHARS = 8_000;

export interface ApiProcess {
  baseUrl: string;
  pid: number;
  /** The last lines the process printed (LOG_LEVEL=warn, so warnings and errors). */
  output(): string;
  /** SIGTERM, then SIGKILL after a grace period; never throws; safe to call twice. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const started = new Set<ApiProcess>();

/** Stops every API process this module started and has not stopped yet (for signal handlers). */
export async function stopAllApiProcesses(): Promise<void> {
  await Promise.all([...started].map((api) => api.stop()));
}

export async function startApiProcess(options: {
  databaseUrl: string;
  /** Extra environment for this API process (and the worker it forks), e.g. RUNTIME_DRIVER. */
  env?: Record<string, string>;
}): Promise<ApiProcess> {
  const port = await freePort();
  // Its own data folder (the generated env-var encryption key lands there), removed on stop.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "rts-bench-api-"));
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  // BENCH_API_NODE_ARGS: extra Node flags for the API process only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env.BENCH_API_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...extra, "--import", import.meta.resolve("tsx"), SERVER_ENTRY], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      SEED_DEMO_DATA: "true",
      COOKIE_SECURE: "false",
      DATA_DIR: dataDir,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  const stop = async () => {
    started.delete(handle);
    if (running()) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => running() && child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true }).catch(() => {});
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const handle: ApiProcess = { baseUrl, pid: child.pid ?? 0, output: () => tail, stop };
  started.add(handle);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    for (;;) {
      if (!running()) throw new Error(`API process exited during start-up (code ${child.exitCode}, signal ${child.signalCode})`);
      if (Date.now() > deadline) throw new Error(`API process not ready within ${READY_TIMEOUT_MS / 1000} s`);
      // Ready = the API answers and its deploy worker says "ready" (images built, instances adopted).
      const ready = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2_000) }).then(
        async (response) => {
          if (!response.ok) {
            await response.body?.cancel();
            return false;
          }
          const health = (await response.json()) as { worker?: string };
          return health.worker === undefined || health.worker === "ready";
        },
        () => false,
      );
      if (ready) break;
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- API output ---\n${tail}`);
  }
  return handle;
}
