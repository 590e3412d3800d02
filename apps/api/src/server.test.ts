// The start command as users run it: a real process on an embedded PostgreSQL in its own folder.
// Two instances run side by side, and SIGTERM stops each one completely, PostgreSQL included.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "@rts/db";

const apiDir = path.resolve(fileURLToPath(import.meta.url), "../..");
const tsxLoader = import.meta.resolve("tsx");
const started: ChildProcess[] = [];
const folders: string[] = [];

async function startServer() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "rts-server-test-"));
  folders.push(dataDir);
  const port = await freePort();
  // As `pnpm start` runs it: one Node process with the tsx loader, no wrapper in between.
  const child = spawn(process.execPath, ["--import", tsxLoader, "src/server.ts"], {
    cwd: apiDir,
    // The demo service's containers go with each test server.
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", DATABASE_URL: "", INSTANCES_ON_SHUTDOWN: "stop" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, port, dataDir, output: () => output };
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once("exit", resolve));
}

afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe("pnpm start", () => {
  it("runs two instances side by side and SIGTERM stops each with its embedded PostgreSQL", async () => {
    const [a, b] = await Promise.all([startServer(), startServer()]);
    expect(a.port).not.toBe(b.port);
    for (const server of [a, b]) {
      const login = await fetch(`http://127.0.0.1:${server.port}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "alice", password: "alice-demo-pass" }),
      });
      expect(login.status).toBe(200);
      const docs = await fetch(`http://127.0.0.1:${server.port}/api/docs/json`);
      expect(((await docs.json()) as { openapi: string }).openapi).toBe("3.1.0");
    }
    for (const server of [a, b]) {
      server.child.kill("SIGTERM");
      expect(await exited(server.child)).toBe(0);
      // PostgreSQL removes its pid file only when it shut down cleanly.
      expect(existsSync(path.join(server.dataDir, "postgres", "postmaster.pid"))).toBe(false);
      expect(existsSync(path.join(server.dataDir, "postgres", "PG_VERSION"))).toBe(true);
    }
  }, 120_000);
});
