// Bring-your-own-model benchmarks in the live run (issue 10): how long an uploaded model takes
// from the upload request to a deployable (Normal) version, and what the inference gateway costs
// in front of the built-in ONNX runtime, on the Open Inference Protocol v2 path and on the
// platform's JSON path. Every wait is bounded by a deadline and every load run by a duration or
// a request count; any unexpected status stops the run.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SAMPLE_REQUESTS } from "@rts/db";
import { largeMatMulModel } from "./large-onnx-model.mjs";
import { deleteUntilGone, deployUntilRunning, probe, runLoad, type LiveTarget, type LoadSpec } from "./live-scenarios.ts";
import type { LoadPhase } from "./live-benchmarks.ts";

const POLL_MS = 50;
const NORMAL_DEADLINE_MS = 180_000;
const LARGE_MODEL_BYTES = 10 * 1024 * 1024;
const SMALL_PACKAGE_DIR = fileURLToPath(new URL("../sample-apps/delivery-eta-onnx/1.0.0", import.meta.url));
const ONNX_APPLICATION = "delivery-eta-onnx";
export const ONNX_OIP_BODY = JSON.stringify(SAMPLE_REQUESTS[ONNX_APPLICATION].exampleRequest);
/** The same delivery as the OIP body, in the platform's JSON contract (tensors by input name). */
/** Both answers name the model's output; a 200 without it is not a prediction. */
const PREDICTION_OUTPUT = '"minutes"';
export const ONNX_JSON_BODY = JSON.stringify({ inputs: { features: [[4.2, 3, 1]] } });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string) => console.log(`[bench] ${message}`);

/** One version event, as ms after the upload request was sent. */
export interface UploadEventTime {
  type: string;
  message: string;
  atMs: number;
}

export interface UploadRun {
  /** Upload request sent -> its 201 read, ms. */
  requestMs: number;
  /** Upload request sent -> first GET that reads Normal, ms. */
  toNormalMs: number;
  events: UploadEventTime[];
}

export interface UploadCase {
  label: string;
  fileName: string;
  bytes: number;
  runs: UploadRun[];
}

export interface LoadPair {
  direct: LoadPhase;
  gateway: LoadPhase;
}

export interface OnnxPathResult {
  label: string;
  gatewayPath: string;
  directPath: string;
  body: string;
  concurrent: LoadPair | null;
  sequential: LoadPair | null;
  /** Why this path was not measured (the gateway refused it), when it was not. */
  unavailable: string | null;
}

export interface ModelBenchResults {
  uploads: UploadCase[];
  /** Why the upload part did not run (the API has no upload route), when it did not. */
  uploadsUnavailable: string | null;
  warmUpUploadMs: number | null;
  inference: { directTarget: string; connections: number; sequentialRequests: number; paths: OnnxPathResult[] };
}

/** What the live run lends this module: where an instance listens and how a load run is measured. */
export interface LiveTools {
  target: LiveTarget;
  versionId: string;
  deployRuns: number;
  settings: { loadConnections: number; loadSeconds: number; warmupSeconds: number; sequentialRequests: number };
  locate(serviceId: string): Promise<{ directTarget: string }>;
  measured(spec: LoadSpec, serviceId: string): Promise<LoadPhase>;
  /** Services to delete if the run fails half-way. */
  track: Set<string>;
}

async function api(target: LiveTarget, method: string, path: string, body?: string | FormData, contentType?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${target.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${target.token}`, ...(contentType ? { "content-type": contentType } : {}) },
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, text: await response.text() };
}

function expectStatus(what: string, expected: number, got: { status: number; text: string }): void {
  if (got.status !== expected) throw new Error(`${what}: expected ${expected}, got ${got.status}: ${got.text.slice(0, 500)}`);
}

async function smallPackage(): Promise<Uint8Array> {
  const { stdout } = await promisify(execFile)("tar", ["-czf", "-", "-C", SMALL_PACKAGE_DIR, "rts-model.json", "model.onnx"], {
    encoding: "buffer",
    maxBuffer: 1024 * 1024,
  });
  return new Uint8Array(stdout);
}

/** Upload -> Normal once: POST the multipart upload (field "version" first), poll the version, read its events. */
async function uploadUntilNormal(target: LiveTarget, applicationId: string, version: string, fileName: string, bytes: Uint8Array): Promise<UploadRun> {
  const form = new FormData();
  form.append("version", version);
  form.append("file", new Blob([bytes]), fileName);
  const base = `/api/v1/ai-applications/${applicationId}/versions`;
  const sentAt = Date.now();
  const started = performance.now();
  const created = await api(target, "POST", base, form);
  const requestMs = performance.now() - started;
  expectStatus(`upload ${fileName} as ${version}`, 201, created);
  const row = JSON.parse(created.text) as { id: string; state: string };
  if (row.state !== "Building") throw new Error(`upload ${fileName} as ${version}: the new version is ${row.state}, expected Building`);
  let toNormalMs: number | null = null;
  while (performance.now() - started < NORMAL_DEADLINE_MS) {
    const read = await api(target, "GET", `${base}/${row.id}`);
    expectStatus(`GET version ${version}`, 200, read);
    const now = JSON.parse(read.text) as { state: string; stateReason?: string | null };
    if (now.state === "Normal") {
      toNormalMs = performance.now() - started;
      break;
    }
    if (now.state === "Failed") throw new Error(`upload ${fileName} as ${version} ended Failed: ${now.stateReason ?? "no reason"}`);
    await sleep(POLL_MS);
  }
  if (toNormalMs === null) throw new Error(`upload ${fileName} as ${version}: not Normal within ${NORMAL_DEADLINE_MS / 1000} s`);
  const listed = await api(target, "GET", `${base}/${row.id}/events`);
  expectStatus(`GET events of version ${version}`, 200, listed);
  const events = (JSON.parse(listed.text) as { items: Array<{ at: string; type: string; message: string }> }).items.map((e) => ({
    type: e.type,
    message: e.message,
    atMs: Date.parse(e.at) - sentAt,
  }));
  // The next run starts clean: the version goes with its stored upload and image.
  expectStatus(`DELETE version ${version}`, 204, await api(target, "DELETE", `${base}/${row.id}`));
  return { requestMs, toNormalMs, events };
}

async function uploadBenchmarks(tools: LiveTools, label: string): Promise<Pick<ModelBenchResults, "uploads" | "uploadsUnavailable" | "warmUpUploadMs">> {
  const { target } = tools;
  const created = await api(
    target,
    "POST",
    "/api/v1/ai-applications",
    JSON.stringify({ name: "bench-upload", description: "benchmark: upload to Normal" }),
    "application/json",
  );
  if (created.status === 404 && !created.text.includes("AI application")) {
    return { uploads: [], uploadsUnavailable: "this build has no POST /api/v1/ai-applications route", warmUpUploadMs: null };
  }
  expectStatus("create AI application bench-upload", 201, created);
  const applicationId = (JSON.parse(created.text) as { id: string }).id;
  try {
    const large = largeMatMulModel(LARGE_MODEL_BYTES);
    const cases = [
      { label: `ONNX model file, ${(large.bytes.length / 1024 ** 2).toFixed(1)} MiB (MatMul, FP32 ${large.inputs} x ${large.outputs} weights)`, fileName: "model.onnx", bytes: large.bytes, major: 10 },
      { label: "model package .tar.gz of sample-apps/delivery-eta-onnx/1.0.0", fileName: "delivery-eta-onnx.tar.gz", bytes: await smallPackage(), major: 1 },
    ];
    const warmUp = await uploadUntilNormal(target, applicationId, "0.0.1", cases[1]!.fileName, cases[1]!.bytes);
    log(`[${label}] warm-up upload (small package): Normal after ${warmUp.toNormalMs.toFixed(0)} ms`);
    const uploads: UploadCase[] = [];
    for (const c of cases) {
      const result: UploadCase = { label: c.label, fileName: c.fileName, bytes: c.bytes.length, runs: [] };
      for (let run = 0; run < tools.deployRuns; run++) {
        result.runs.push(await uploadUntilNormal(target, applicationId, `${c.major}.0.${run}`, c.fileName, c.bytes));
      }
      log(`[${label}] upload -> Normal, ${c.fileName} (${c.bytes.length} bytes): ${result.runs.map((r) => r.toNormalMs.toFixed(0)).join(", ")} ms`);
      uploads.push(result);
    }
    return { uploads, uploadsUnavailable: null, warmUpUploadMs: warmUp.toNormalMs };
  } finally {
    const removed = await api(target, "DELETE", `/api/v1/ai-applications/${applicationId}`).catch((error: unknown) => ({ status: 0, text: String(error) }));
    if (removed.status !== 204) log(`[${label}] could not delete AI application bench-upload: ${removed.status} ${removed.text.slice(0, 200)}`);
  }
}

/** Both paths to the same ONNX instance, 8 connections then 1; the gateway path is skipped (with its answer) if it refuses the call. */
async function comparePaths(
  tools: LiveTools,
  label: string,
  serviceId: string,
  urls: { gateway: string; direct: string },
  path: Omit<OnnxPathResult, "concurrent" | "sequential" | "unavailable">,
): Promise<OnnxPathResult> {
  const auth = { authorization: `Bearer ${tools.target.token}` };
  const direct = await probe(urls.direct, {}, path.body);
  if (direct.status !== 200 || !direct.text.includes(PREDICTION_OUTPUT)) {
    throw new Error(`direct ${path.directPath} answered ${direct.status} without the "minutes" output: ${direct.text.slice(0, 300)}`);
  }
  const gateway = await probe(urls.gateway, auth, path.body);
  if (gateway.status === 200 && !gateway.text.includes(PREDICTION_OUTPUT)) {
    throw new Error(`POST ${path.gatewayPath} answered 200 without the "minutes" output: ${gateway.text.slice(0, 300)}`);
  }
  if (gateway.status !== 200) {
    const unavailable = `POST ${path.gatewayPath} answered ${gateway.status}: ${gateway.text.slice(0, 200)}`;
    log(`[${label}] ${path.label}: gateway not measured: ${unavailable}`);
    return { ...path, concurrent: null, sequential: null, unavailable };
  }
  const { settings } = tools;
  const spec = (name: string, url: string, headers: Record<string, string>, connections: number, bound: { duration?: number; amount?: number }): LoadSpec => ({
    label: `ONNX ${path.label} ${name}`,
    url,
    headers,
    body: path.body,
    connections,
    ...bound,
  });
  const conns = settings.loadConnections;
  await runLoad(spec("direct warm-up", urls.direct, {}, conns, { duration: settings.warmupSeconds }));
  await runLoad(spec("gateway warm-up", urls.gateway, auth, conns, { duration: settings.warmupSeconds }));
  const concurrent = {
    direct: await tools.measured(spec("direct", urls.direct, {}, conns, { duration: settings.loadSeconds }), serviceId),
    gateway: await tools.measured(spec("gateway", urls.gateway, auth, conns, { duration: settings.loadSeconds }), serviceId),
  };
  const sequential = {
    direct: await tools.measured(spec("direct", urls.direct, {}, 1, { amount: settings.sequentialRequests }), serviceId),
    gateway: await tools.measured(spec("gateway", urls.gateway, auth, 1, { amount: settings.sequentialRequests }), serviceId),
  };
  return { ...path, concurrent, sequential, unavailable: null };
}

async function inferenceBenchmarks(tools: LiveTools, label: string): Promise<ModelBenchResults["inference"]> {
  // One instance, so the gateway and the direct calls end at the same ONNX runtime.
  const deployed = await deployUntilRunning(tools.target, tools.versionId, "onnx-bench", 1);
  tools.track.add(deployed.serviceId);
  const { directTarget } = await tools.locate(deployed.serviceId);
  log(`[${label}] ONNX runtime (${ONNX_APPLICATION} 2.0.0) Running after ${deployed.toRunningMs.toFixed(0)} ms; direct calls go to ${directTarget}`);
  const gatewayBase = `${tools.target.baseUrl}/v1/infers/${deployed.serviceId}`;
  const oipPath = `/v2/models/${ONNX_APPLICATION}/infer`;
  const paths = [
    await comparePaths(tools, label, deployed.serviceId, { gateway: `${gatewayBase}${oipPath}`, direct: `http://${directTarget}${oipPath}` }, {
      label: "OIP v2",
      gatewayPath: `/v1/infers/{id}${oipPath}`,
      directPath: oipPath,
      body: ONNX_OIP_BODY,
    }),
    await comparePaths(tools, label, deployed.serviceId, { gateway: gatewayBase, direct: `http://${directTarget}/predict` }, {
      label: "platform JSON",
      gatewayPath: "/v1/infers/{id}",
      directPath: "/predict",
      body: ONNX_JSON_BODY,
    }),
  ];
  await deleteUntilGone(tools.target, deployed.serviceId);
  tools.track.delete(deployed.serviceId);
  return { directTarget, connections: tools.settings.loadConnections, sequentialRequests: tools.settings.sequentialRequests, paths };
}

export async function runModelBenchmarks(tools: LiveTools, label: string): Promise<ModelBenchResults> {
  const uploads = await uploadBenchmarks(tools, label);
  if (uploads.uploadsUnavailable) log(`[${label}] upload -> Normal not measured: ${uploads.uploadsUnavailable}`);
  const inference = await inferenceBenchmarks(tools, label);
  return { ...uploads, inference };
}
