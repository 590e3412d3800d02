// Starts real sample model servers (sample-apps/) for gateway tests, each on a free loopback port,
// and stops exactly the children it started. A server exits by itself when its stdin closes, so a
// crashed test run leaves no orphans.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { freePort, repoRoot } from "@rts/db";

export interface ModelServer {
  app: string;
  version: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

const started = new Set<ModelServer>();

export async function startModelServer(app: "text-classifier" | "sentiment-stream" | "number-regressor", version: string): Promise<ModelServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot, "sample-apps", app, "server.mjs"), "--model-version", version], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const server: ModelServer = {
    app,
    version,
    port,
    child,
    async stop() {
      started.delete(server);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
  started.add(server);
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} ${version} exited early: ${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${app} ${version} did not become healthy: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return server;
}

export async function stopAllModelServers(): Promise<void> {
  await Promise.all([...started].map((s) => s.stop()));
}
