// `kill -9` of the API leaves its embedded PostgreSQL running on the data folder. The next start on
// that folder must recognise it as its own and start clean, and a start that fails must say why.
// Real PostgreSQL servers in temporary folders; the killed owner is a real child process.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { EmbeddedPostgresStartError, freePort, startEmbeddedPostgres } from "./embedded-postgres.ts";
import { LeftoverPostgresError, stopLeftoverPostgres } from "./leftover-postgres.ts";

const dbDir = path.resolve(import.meta.dirname, "..");
const tsxLoader = import.meta.resolve("tsx");
const folders: string[] = [];

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "rts-leftover-pg-"));
  folders.push(folder);
  return folder;
}

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
}

/** Gone, or a zombie waiting for its new parent to reap it. */
function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return true;
  }
}

// The API as `kill -9` finds it: a Node process that started embedded PostgreSQL and wrote data.
const OWNER = `
const { startEmbeddedPostgres } = await import(process.env.EMBEDDED_MODULE);
const { pino } = await import("pino");
const postgres = await startEmbeddedPostgres({ dataDir: process.env.DATA_DIR, logger: pino({ level: "silent" }) });
await postgres.createDatabase("written_before_the_kill");
process.stdout.write("ready\\n");
setInterval(() => {}, 60_000);
`;

describe("embedded PostgreSQL after kill -9", () => {
  it("S29 the next start on the same data folder stops the leftover server (by its verified pid) and starts clean, data kept", async () => {
    const dataDir = await tempFolder();
    const owner = spawn(process.execPath, ["--import", tsxLoader, "--input-type=module", "-e", OWNER], {
      cwd: dbDir,
      env: { ...process.env, DATA_DIR: dataDir, EMBEDDED_MODULE: new URL("./embedded-postgres.ts", import.meta.url).href },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    owner.stdout!.on("data", (chunk) => (output += chunk));
    owner.stderr!.on("data", (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    while (!output.includes("ready")) {
      if (owner.exitCode !== null || Date.now() > deadline) throw new Error(`the owner did not start PostgreSQL:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const orphan = postmasterPid(dataDir);
    const exited = once(owner, "exit");
    owner.kill("SIGKILL");
    await exited;
    expect(isGone(orphan)).toBe(false);

    const { logger, lines } = capturingLogger();
    const postgres = await startEmbeddedPostgres({ dataDir, logger });
    try {
      expect(isGone(orphan)).toBe(true);
      expect(postmasterPid(dataDir)).not.toBe(orphan);
      expect(lines.find((line) => line.pid === orphan && String(line.msg).includes("left running by an earlier run"))).toBeDefined();
      const client = new pg.Client({ connectionString: postgres.adminUrl });
      await client.connect();
      const found = await client.query("SELECT 1 FROM pg_database WHERE datname = 'written_before_the_kill'");
      await client.end();
      expect(found.rowCount).toBe(1);
    } finally {
      await postgres.stop();
    }
  }, 120_000);

  it("S29 a live process that is not this folder's PostgreSQL is never signalled; the refusal says why and what to do", async () => {
    const clusterDir = path.join(await tempFolder(), "postgres");
    await mkdir(clusterDir);
    // Our own pid: alive, and a Node process, not PostgreSQL.
    await writeFile(path.join(clusterDir, "postmaster.pid"), `${process.pid}\n${clusterDir}\n0\n5432\n`);
    const { logger } = capturingLogger();
    const refusal = await stopLeftoverPostgres(clusterDir, logger).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(LeftoverPostgresError);
    expect((refusal as LeftoverPostgresError).message).toContain(`names process ${process.pid}, which runs but is not a PostgreSQL of this data folder`);
    expect((refusal as LeftoverPostgresError).hint).toContain("delete its postmaster.pid");
  });

  it("S29 a failed start carries what PostgreSQL said, not an empty rejection", async () => {
    const dataDir = await tempFolder();
    const port = await freePort();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      const { logger } = capturingLogger();
      const failure = await startEmbeddedPostgres({ dataDir, logger, port }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(EmbeddedPostgresStartError);
      expect((failure as Error).message).toMatch(/did not start; it said: .*could not (bind|create any TCP\/IP sockets)/);
      expect((failure as EmbeddedPostgresStartError).hint).toBeTruthy();
    } finally {
      squatter.close();
    }
  }, 60_000);
});
