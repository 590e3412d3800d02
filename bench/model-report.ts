// The bring-your-own-model sections of docs/benchmarks.md (issue 10): upload -> Normal and the
// gateway in front of the built-in ONNX runtime, one row group per runtime driver.
import type { LiveResults, LoadPhase } from "./live-benchmarks.ts";
import { mdTable, median, OTHER_PROCESSES, plainTable } from "./markdown-tables.ts";
import { ONNX_JSON_BODY, ONNX_OIP_BODY, type LoadPair, type OnnxPathResult, type UploadRun } from "./model-benchmarks.ts";

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number) => `${ms.toFixed(2)} ms`;
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 ** 2).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`);

const UPLOAD_HEADER = ["Driver", "Upload", "Size", "Runs", "upload request (median)", "upload -> Normal, median", "max", "each run"];

function uploadRows(runs: LiveResults[]): string[][] {
  return runs.flatMap((live) =>
    live.models.uploads.map((c) => [
      live.driver,
      c.label,
      size(c.bytes),
      String(c.runs.length),
      millis(median(c.runs.map((r) => r.requestMs))),
      seconds(median(c.runs.map((r) => r.toNormalMs))),
      seconds(Math.max(...c.runs.map((r) => r.toNormalMs))),
      c.runs.map((r) => (r.toNormalMs / 1000).toFixed(2)).join(", "),
    ]),
  );
}

/** An event's column: its type, numbered from its second time in the same build (e.g. a later check). */
function eventColumns(run: UploadRun): Array<{ column: string; atMs: number }> {
  const seen = new Map<string, number>();
  return run.events.map((e) => {
    const n = (seen.get(e.type) ?? 0) + 1;
    seen.set(e.type, n);
    return { column: n === 1 ? e.type : `${e.type} #${n}`, atMs: e.atMs };
  });
}

/** One driver's builds, a column per event in the order they happened (median time of each). */
function phaseTable(live: LiveResults): { header: string[]; rows: string[][] } {
  const times = new Map<string, number[]>();
  for (const c of live.models.uploads) {
    for (const run of c.runs) for (const { column, atMs } of eventColumns(run)) times.set(column, [...(times.get(column) ?? []), atMs]);
  }
  const columns = [...times.keys()].sort((a, b) => median(times.get(a)!) - median(times.get(b)!));
  const header = ["Driver", "Where the time went (median ms after the upload request was sent)", ...columns.map((t) => `\`${t}\``), "Normal seen by the client"];
  const rows = live.models.uploads.map((c) => [
    live.driver,
    c.fileName,
    ...columns.map((column) => {
      const at = c.runs.map((r) => eventColumns(r).find((e) => e.column === column)?.atMs).filter((v): v is number => v !== undefined);
      return at.length ? median(at).toFixed(0) : "—";
    }),
    median(c.runs.map((r) => r.toNormalMs)).toFixed(0),
  ]);
  return { header, rows };
}

/** The events of the last run of the first (largest) upload, as the build wrote them. */
function lastRunEvents(live: LiveResults): string {
  const c = live.models.uploads[0];
  const run = c?.runs.at(-1);
  if (!c || !run) return "";
  return `Events of the last ${size(c.bytes)} run, ${live.driver} driver (ms after the upload was sent):\n\n${run.events
    .map((e) => `- +${e.atMs.toFixed(0)} ms \`${e.type}\`: ${e.message.replaceAll("\n", " ")}`)
    .join("\n")}`;
}

const cpuPerCall = (phase: LoadPhase, only?: string) => {
  const groups = Object.entries(phase.cpu.groups).filter(([name]) => name !== OTHER_PROCESSES && (only === undefined || name === only));
  return (groups.reduce((sum, [, cpuSeconds]) => sum + cpuSeconds, 0) * 1000) / Math.max(1, phase.result.requests);
};

const INFERENCE_HEADER = [
  "Driver",
  "Path (gateway vs direct)",
  "Conn.",
  "direct req/s",
  "gateway req/s",
  "gateway / direct",
  "p50 direct / gateway",
  "p99 direct / gateway",
  "CPU per call, direct (model server)",
  "CPU per call, gateway (model server + API)",
];

function inferenceRows(runs: LiveResults[]): string[][] {
  const row = (live: LiveResults, path: OnnxPathResult, connections: number, pair: LoadPair) => {
    const d = pair.direct;
    const g = pair.gateway;
    return [
      live.driver,
      `${path.label}: \`${path.gatewayPath}\` vs \`${path.directPath}\``,
      String(connections),
      d.result.throughput.toFixed(0),
      g.result.throughput.toFixed(0),
      (g.result.throughput / d.result.throughput).toFixed(2),
      `${millis(d.result.p50)} / ${millis(g.result.p50)}`,
      `${millis(d.result.p99)} / ${millis(g.result.p99)}`,
      `${cpuPerCall(d).toFixed(3)} ms (${cpuPerCall(d, "model server").toFixed(3)})`,
      `${cpuPerCall(g).toFixed(3)} ms (${cpuPerCall(g, "model server").toFixed(3)} + ${cpuPerCall(g, "API (gateway)").toFixed(3)})`,
    ];
  };
  return runs.flatMap((live) =>
    live.models.inference.paths.flatMap((path) => {
      if (!path.concurrent || !path.sequential) {
        return [[live.driver, `${path.label}: not measured (${path.unavailable ?? "no reason"})`, ...INFERENCE_HEADER.slice(2).map(() => "—")]];
      }
      return [row(live, path, live.models.inference.connections, path.concurrent), row(live, path, 1, path.sequential)];
    }),
  );
}

/** The bring-your-own-model tables of one driver's run, for the terminal. */
export function modelTextTables(live: LiveResults): string {
  const phases = phaseTable(live);
  const parts = live.models.uploadsUnavailable
    ? [`Upload -> Normal not measured: ${live.models.uploadsUnavailable}`]
    : [plainTable(UPLOAD_HEADER, uploadRows([live])), plainTable(phases.header, phases.rows)];
  return [...parts, plainTable(INFERENCE_HEADER, inferenceRows([live]))].join("\n\n");
}

/** One sentence with the headline figures, for the README (the last driver run, normally the container one). */
export function modelSummaryLine(runs: LiveResults[]): string {
  const live = runs.at(-1);
  if (!live) return "";
  const large = live.models.uploads[0];
  const small = live.models.uploads[1];
  const oip = live.models.inference.paths.find((p) => p.label === "OIP v2");
  const parts: string[] = [];
  if (large && small) {
    parts.push(
      `a ${size(large.bytes)} ONNX model goes from upload to a deployable (Normal) version in ${seconds(median(large.runs.map((r) => r.toNormalMs)))} ` +
        `(a ${size(small.bytes)} model package in ${seconds(median(small.runs.map((r) => r.toNormalMs)))})`,
    );
  }
  if (oip?.concurrent && oip.sequential) {
    const c = oip.concurrent;
    parts.push(
      `the gateway serves the built-in ONNX runtime's Open Inference Protocol v2 path at ${c.gateway.result.throughput.toFixed(0)} req/s against ` +
        `${c.direct.result.throughput.toFixed(0)} req/s direct (${(c.gateway.result.throughput / c.direct.result.throughput).toFixed(2)}x, ${live.models.inference.connections} connections) ` +
        `and adds ${millis(oip.sequential.gateway.result.p50 - oip.sequential.direct.result.p50)} at p50 on one connection`,
    );
  }
  return parts.length ? `Bring your own model (${live.driver} driver, \`pnpm bench\`): ${parts.join("; ")}.` : "";
}

export function modelMarkdown(runs: LiveResults[]): string {
  const first = runs[0]!;
  const unavailable = runs.filter((l) => l.models.uploadsUnavailable).map((l) => `${l.driver} driver: ${l.models.uploadsUnavailable}`);
  const warmUps = runs.filter((l) => l.models.warmUpUploadMs !== null).map((l) => `${l.driver} ${seconds(l.models.warmUpUploadMs!)}`);
  const uploads = runs.some((l) => l.models.uploads.length > 0)
    ? `${mdTable(UPLOAD_HEADER, uploadRows(runs))}

${runs
      .filter((l) => l.models.uploads.length > 0)
      .map((l) => {
        const phases = phaseTable(l);
        return mdTable(phases.header, phases.rows);
      })
      .join("\n\n")}

${runs.map(lastRunEvents).filter(Boolean).join("\n\n")}

Each run, as alice with her API token, in an AI application the bench creates (\`POST /api/v1/ai-applications\`):
\`POST /api/v1/ai-applications/:id/versions\` as multipart/form-data (the field \`version\` first, then the
part \`file\`); the clock starts before the request is sent, the answer must be 201 with the version
\`Building\`; then \`GET .../versions/:versionId\` every ~50 ms until it reads \`Normal\` (a \`Failed\` version
stops the run with its reason). The tables after it are read from the version's own events
(\`GET .../versions/:versionId/events\`, server timestamps, same machine), measured from the moment the
upload was sent. The version is deleted (with its stored upload and image) before the next run. The
10 MiB model is generated by the bench (\`bench/large-onnx-model.mjs\`, with the samples' ONNX writer):
one MatMul of an FP32 input [batch, 256] by fixed pseudo-random weights, so the upload carries
10 MiB that do not compress. The small package is \`sample-apps/delivery-eta-onnx/1.0.0\`
(\`rts-model.json\` and \`model.onnx\`) packed by \`tar -czf\`. One warm-up upload of the small package ran
first per driver and is not counted (${warmUps.join(", ") || "none"}).`
    : "";
  return `## Bring your own model: upload to Normal, ONNX inference through the gateway

Measured in the same live run as above, per runtime driver (${runs.map((l) => l.driver).join(", ")}), on the same API process.

### Upload to a deployable version

${unavailable.length ? `Not measured: ${unavailable.join("; ")}.\n\n` : ""}${uploads}

### The built-in ONNX runtime: gateway against direct

${mdTable(INFERENCE_HEADER, inferenceRows(runs))}

alice's seeded \`delivery-eta-onnx\` 2.0.0 (a small ONNX regression served by the built-in ONNX
runtime, \`runtimes/onnx/server.mjs\` on onnxruntime-node) is deployed with one instance, so both paths
end at the same runtime (direct calls to \`${first.models.inference.directTarget}\` in the ${first.driver} run).
The Open Inference Protocol v2 body is the sample's example request, \`${ONNX_OIP_BODY}\`; the platform
JSON path sends the same delivery as \`${ONNX_JSON_BODY}\`. Per path: a warm-up, then
${first.models.inference.connections} connections for ${first.settings.loadSeconds} s, then
${first.models.inference.sequentialRequests} requests over 1 connection, gateway and direct alike, with the
same load generator and CPU accounting as the gateway table above (CPU per call: all bench
processes, from \`/proc\`, divided by the calls served; in brackets the model server's share and, for
the gateway, the API's). Every response had to be 2xx and carry the
model's output, or the run stops.
`;
}
