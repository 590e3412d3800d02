// A `kill -9` of the API leaves its embedded PostgreSQL running on the data folder, and a new server
// on the same folder then refuses to start ("lock file postmaster.pid already exists"). Before
// starting, the folder's postmaster.pid is read; if the process it names is alive and is a
// PostgreSQL serving exactly this folder, it is ours from an earlier run: it is asked for a fast
// shutdown (SIGINT, which keeps committed data) and awaited. Nothing is ever signalled by name, and
// a live process that cannot be proven to be that PostgreSQL is left alone.
import { readFile, readlink } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";

const FAST_SHUTDOWN_WAIT_MS = 15_000;
const IMMEDIATE_SHUTDOWN_WAIT_MS = 5_000;
const POLL_MS = 100;

export class LeftoverPostgresError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = "LeftoverPostgresError";
  }
}

interface PidFile {
  pid: number;
  dataDir: string;
  port: number;
}

async function readPidFile(clusterDir: string): Promise<PidFile | null> {
  let text: string;
  try {
    text = await readFile(path.join(clusterDir, "postmaster.pid"), "utf8");
  } catch {
    return null;
  }
  // Line 1: the postmaster's pid; line 2: its data directory; line 4: its port.
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, dataDir: lines[1] ?? "", port: Number(lines[3]) };
}

/** Alive and not a zombie (a killed orphan whose new parent has not reaped it yet still answers kill 0). */
async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  // Field 3, after the parenthesised command name, is the state.
  return stat === null || stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
}

/** True only when /proc shows a `postgres` executable whose data directory is `clusterDir`. */
async function isPostgresOf(pid: number, clusterDir: string): Promise<boolean> {
  const [comm, cmdline, cwd] = await Promise.all([
    readFile(`/proc/${pid}/comm`, "utf8").catch(() => null),
    readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => null),
    readlink(`/proc/${pid}/cwd`).catch(() => null),
  ]);
  if (comm?.trim() !== "postgres" || cmdline === null) return false;
  const args = cmdline.split("\0");
  const dataFlag = args.indexOf("-D");
  const servesFolder = (dataFlag >= 0 && path.resolve(args[dataFlag + 1] ?? "") === clusterDir) || cwd === clusterDir;
  return path.basename(args[0] ?? "") === "postgres" && servesFolder;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isRunning(pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return !(await isRunning(pid));
}

/** Stops a PostgreSQL that an earlier, killed run left on `clusterDir`; answers its pid, or null if none ran. */
export async function stopLeftoverPostgres(clusterDir: string, logger: Logger): Promise<number | null> {
  const pidFile = await readPidFile(clusterDir);
  if (!pidFile || !(await isRunning(pidFile.pid))) return null;
  const { pid } = pidFile;
  if (path.resolve(pidFile.dataDir) !== clusterDir || !(await isPostgresOf(pid, clusterDir))) {
    throw new LeftoverPostgresError(
      `${path.join(clusterDir, "postmaster.pid")} names process ${pid}, which runs but is not a PostgreSQL of this data folder.`,
      `If no PostgreSQL uses ${clusterDir}, delete its postmaster.pid and start again; otherwise stop the program that uses it or set DATA_DIR to another folder.`,
    );
  }
  logger.warn({ pid, port: pidFile.port, clusterDir }, "embedded PostgreSQL left running by an earlier run (killed?); stopping it before starting clean");
  process.kill(pid, "SIGINT");
  if (await waitForExit(pid, FAST_SHUTDOWN_WAIT_MS)) return pid;
  // A fast shutdown waits for a checkpoint; an immediate one does not (it recovers on next start).
  logger.warn({ pid }, "leftover PostgreSQL did not stop in time; asking for an immediate shutdown");
  process.kill(pid, "SIGQUIT");
  if (await waitForExit(pid, IMMEDIATE_SHUTDOWN_WAIT_MS)) return pid;
  throw new LeftoverPostgresError(
    `The PostgreSQL left on ${clusterDir} (process ${pid}) did not stop.`,
    `Stop process ${pid} yourself (it is a PostgreSQL of this data folder), then start again.`,
  );
}
