// Runs the deploy worker as a child process of the API server and restarts it if it dies, so one
// `pnpm start` is the whole product. The worker's own children (model servers) are its business.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import type { EnvEncryptionKeySource } from "../modules/secrets/env-encryption-key.ts";

export const workerEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), "worker-main.ts");
/** Node flags that let a child run the worker's TypeScript, wherever its working directory is. */
export const workerExecArgv = ["--import", import.meta.resolve("tsx")];
const STOP_TIMEOUT_MS = 15_000;

/** Where the worker finds the API's key: the file's path, or the configured key itself. */
function workerKeyEnv(source: EnvEncryptionKeySource): Record<string, string> {
  return "keyFile" in source ? { ENV_ENCRYPTION_KEY_FILE: source.keyFile } : { ENV_ENCRYPTION_KEY: source.configuredKey };
}

export type WorkerState = "starting" | "ready" | "restarting" | "stopped";

export interface WorkerSupervisor {
  /** Whether the worker has started (its instances adopted) and is reconciling. */
  state(): WorkerState;
  stop(): Promise<void>;
}

export function superviseWorker(options: {
  databaseUrl: string;
  logger: Logger;
  envEncryptionKey: EnvEncryptionKeySource;
  env?: NodeJS.ProcessEnv;
}): WorkerSupervisor {
  const { logger } = options;
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;
  let state: WorkerState = "starting";

  const start = () => {
    child = fork(workerEntry, [], {
      execArgv: workerExecArgv,
      env: { ...(options.env ?? process.env), DATABASE_URL: options.databaseUrl, ...workerKeyEnv(options.envEncryptionKey) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      // Its own process group: a Ctrl-C in the terminal reaches the API, which stops the worker
      // (and so the model servers) in order; a dead API closes the IPC channel, which stops it too.
      detached: true,
    });
    const started = Date.now();
    child.on("message", (message: { type?: string }) => {
      if (message?.type === "ready") state = "ready";
    });
    child.once("exit", (code, signal) => {
      state = stopping ? "stopped" : "restarting";
      if (stopping) return;
      // A worker that ran for a while gets restarted at once; one that keeps dying backs off.
      restarts = Date.now() - started > 60_000 ? 0 : restarts + 1;
      const delay = Math.min(30_000, 500 * 2 ** Math.min(restarts, 6));
      logger.error({ code, signal, restartInMs: delay }, "deploy worker exited; restarting");
      setTimeout(() => {
        if (stopping) return;
        state = "starting";
        start();
      }, delay);
    });
  };
  start();

  return {
    state: () => state,
    async stop() {
      stopping = true;
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => current.once("exit", () => resolve()));
      current.kill("SIGTERM");
      const timer = setTimeout(() => current.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
