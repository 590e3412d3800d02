// Runs the product's own entry point, `apps/api/src/server.ts`, as a separate Node process (as in
// production), so the load generator's CPU does not run on the server's event loop. server.ts
// seeds the demo data and starts its supervised deploy worker process, which starts one
// model-server process per instance. Stopping sends SIGTERM to the API process only: it stops
// the worker, which stops its model servers (and those exit on their own if their parent dies).
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "@rts/db";

const SERVER_ENTRY = fileURLToPath(new URL("../apps/api/src/server.ts", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const READY_TIMEOUT_MS = 90_000;
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

export async function startApiProcess(options: { databaseUrl: string }): Promise<ApiProcess> {
  const port = await freePort();
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
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  const stop = async () => {
    started.delete(handle);
    if (!running()) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => running() && child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
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
      const ready = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2_000) }).then(
        async (response) => {
          await response.body?.cancel();
          return response.ok;
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
