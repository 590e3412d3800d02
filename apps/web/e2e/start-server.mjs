// Starts the whole product for one Playwright run on a fresh database: a new temporary DATA_DIR
// (embedded PostgreSQL, seeded demo data), the API serving the built console, the deploy worker.
// Playwright's webServer sends SIGTERM/SIGINT at the end; they are forwarded to the API, which
// stops its worker, model servers and PostgreSQL, and the folder is removed afterwards.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const webDir = path.resolve(fileURLToPath(import.meta.url), "../..");
const apiDir = path.resolve(webDir, "../api");
const port = process.env.E2E_PORT ?? "3470";

if (!existsSync(path.join(webDir, "dist/index.html"))) {
  console.error("apps/web/dist/index.html is missing: build the console first (pnpm --filter @rts/web build).");
  process.exit(1);
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), "rts-e2e-"));
const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
  cwd: apiDir,
  env: {
    ...process.env,
    PORT: port,
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
    // The flows deploy more small services than a CI machine's cores: the public pool is sized on
    // purpose. They drive the console, so instances run as local processes: every container start
    // adds a network interface, and Chromium aborts page loads when interfaces change
    // (net::ERR_NETWORK_CHANGED). The container runtime has its own tests in apps/api.
    PUBLIC_POOL_VCPUS: "256",
    PUBLIC_POOL_MEMORY_GIB: "1024",
    RUNTIME_DRIVER: "process",
    INSTANCES_ON_SHUTDOWN: "stop",
  },
  stdio: "inherit",
});

let removing = false;
async function cleanUp(code) {
  if (removing) return;
  removing = true;
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch((error) => {
    console.error(`could not remove ${dataDir}: ${error.message}`);
  });
  process.exit(code);
}

for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal === "SIGHUP" ? "SIGTERM" : signal);
    // If the API does not stop in time, do not leave it (and PostgreSQL) behind.
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }, 15_000).unref();
  });
}

child.on("exit", (code, signal) => void cleanUp(code ?? (signal ? 0 : 1)));
child.on("error", (error) => {
  console.error(`could not start the API: ${error.message}`);
  void cleanUp(1);
});
