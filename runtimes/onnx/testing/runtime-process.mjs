// @ts-check
/**
 * Starts the ONNX runtime as a real process on a free loopback port for tests, and stops every
 * process it started.
 */
import { spawn } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";

export const SERVER_FILE = fileURLToPath(new URL("../server.mjs", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** @type {Set<import("node:child_process").ChildProcess>} */
const started = new Set();

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * @typedef {{ port: number, url: string, child: import("node:child_process").ChildProcess, stdout: () => string, stderr: () => string, exited: Promise<number | null> }} RuntimeProcess
 */

/**
 * Spawns the runtime (not waiting for health).
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 * @returns {Promise<RuntimeProcess>}
 */
export async function spawnRuntime(args, env = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_FILE, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", PORT: String(port), ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  started.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => (stdout += chunk));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once("exit", (code) => (started.delete(child), resolve(code))));
  return { port, url: `http://127.0.0.1:${port}`, child, stdout: () => stdout, stderr: () => stderr, exited: /** @type {Promise<number | null>} */ (exited) };
}

/**
 * Spawns the runtime and waits until GET /health answers 200.
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 */
export async function startRuntime(args, env = {}) {
  const runtime = await spawnRuntime(args, env);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (runtime.child.exitCode !== null) throw new Error(`the runtime exited with ${runtime.child.exitCode}: ${runtime.stderr()}`);
    const healthy = await fetch(`${runtime.url}/health`).then((r) => r.status === 200, () => false);
    if (healthy) return runtime;
    if (Date.now() > deadline) throw new Error(`the runtime never became healthy: ${runtime.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function stopAllRuntimes() {
  for (const child of started) child.kill("SIGTERM");
}
