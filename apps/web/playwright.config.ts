// End-to-end flows against the real product: the API serving the built console, the deploy worker
// with real model-server processes and an embedded PostgreSQL on a fresh temporary database for
// every run (e2e/start-server.mjs). Build the console first: pnpm --filter @rts/web build.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

const webDir = path.dirname(fileURLToPath(import.meta.url));
if (!existsSync(path.join(webDir, "dist/index.html"))) {
  throw new Error("apps/web/dist/index.html is missing: build the console first with `pnpm --filter @rts/web build`.");
}

const port = Number(process.env.E2E_PORT ?? 3470);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  // The flows share one server and one database; running them one at a time keeps them independent.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL,
    // The API refuses signed-in changes without the console's Origin. Chromium sends it on the
    // console's own fetches; the flows' API set-up calls (page.request) must send it too.
    extraHTTPHeaders: { origin: baseURL },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.E2E_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "node e2e/start-server.mjs",
    cwd: webDir,
    env: { E2E_PORT: String(port) },
    url: `${baseURL}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
