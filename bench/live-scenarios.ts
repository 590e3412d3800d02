// Benchmarks against the live product (API process + deploy worker + real model servers):
// time from the deploy request to `Running`, and the inference gateway against calling the
// model server directly. Every loop is bounded by a count or a deadline.
import autocannon from "autocannon";
import type { ServiceDetail } from "@rts/contracts";
import { percentile } from "./latency.ts";

const POLL_MS = 20;
const RUNNING_DEADLINE_MS = 60_000;
const GONE_DEADLINE_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface LiveTarget {
  baseUrl: string;
  token: string;
}

async function request(target: LiveTarget, method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${target.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${target.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, text: await response.text() };
}

export function liveDeployBody(name: string, versionId: string, computeNodes: number) {
  return {
    name,
    description: "benchmark: deploy request to Running",
    resourcePool: { type: "public" },
    multiPoolLoadBalancing: false,
    configurations: [{ versionId, trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes, envVars: [] }],
    timeoutMinutes: 20,
    websocket: false,
    dataCollection: { enabled: false },
    trafficLimit: null,
  };
}

export async function getService(target: LiveTarget, id: string): Promise<ServiceDetail> {
  const { status, text } = await request(target, "GET", `/api/v1/services/${id}`);
  if (status !== 200) throw new Error(`GET service ${id}: ${status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as ServiceDetail;
}

export interface DeployTiming {
  serviceId: string;
  /** Deploy request sent -> first GET that reads `Running`, in ms. */
  toRunningMs: number;
  /** Deploy request round trip (202), in ms. */
  acceptMs: number;
  polls: number;
}

/** POSTs the deploy, then polls GET /api/v1/services/:id every ~20 ms until it reads Running. */
export async function deployUntilRunning(target: LiveTarget, versionId: string, name: string, computeNodes: number): Promise<DeployTiming> {
  const started = performance.now();
  const { status, text } = await request(target, "POST", "/api/v1/services", liveDeployBody(name, versionId, computeNodes));
  const acceptMs = performance.now() - started;
  if (status !== 202) throw new Error(`deploy ${name}: expected 202, got ${status}: ${text.slice(0, 500)}`);
  const serviceId = (JSON.parse(text) as { id: string }).id;
  let polls = 0;
  while (performance.now() - started < RUNNING_DEADLINE_MS) {
    const service = await getService(target, serviceId);
    polls++;
    if (service.state === "Running") return { serviceId, toRunningMs: performance.now() - started, acceptMs, polls };
    if (service.state === "Failed" || service.state === "Abnormal") {
      throw new Error(`deploy ${name} ended ${service.state}: ${service.stateReason ?? "no reason"}`);
    }
    await sleep(POLL_MS);
  }
  throw new Error(`deploy ${name} (${computeNodes} instances) not Running within ${RUNNING_DEADLINE_MS / 1000} s`);
}

/** DELETEs the service and polls until GET answers 404 (the worker stopped its instances). */
export async function deleteUntilGone(target: LiveTarget, serviceId: string): Promise<number> {
  const started = performance.now();
  const { status, text } = await request(target, "DELETE", `/api/v1/services/${serviceId}`);
  if (status !== 202 && status !== 204) throw new Error(`delete ${serviceId}: ${status}: ${text.slice(0, 300)}`);
  while (performance.now() - started < GONE_DEADLINE_MS) {
    const { status: now } = await request(target, "GET", `/api/v1/services/${serviceId}`);
    if (now === 404) return performance.now() - started;
    await sleep(POLL_MS);
  }
  throw new Error(`service ${serviceId} still there ${GONE_DEADLINE_MS / 1000} s after DELETE`);
}

export interface LoadResult {
  label: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  throughput: number;
  /** Client-side latency of 2xx responses in ms, full resolution (autocannon's own is whole ms). */
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export interface LoadSpec {
  label: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  /** Seconds; the run stops by itself. */
  duration?: number;
  /** Or a fixed number of requests. */
  amount?: number;
}

/** One bounded autocannon run; latencies collected per response with sub-millisecond resolution. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const samples: number[] = [];
  const options: autocannon.Options = {
    url: spec.url,
    method: "POST",
    headers: { "content-type": "application/json", ...spec.headers },
    body: spec.body,
    connections: spec.connections,
    pipelining: 1,
    timeout: 10,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.duration ?? 10 }),
  };
  const started = performance.now();
  let lastResponseAt = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)));
    // autocannon emits (client, statusCode, resBytes, responseTime); its type definitions omit the client.
    const onResponse = (...args: unknown[]) => {
      const statusCode = args[1] as number;
      lastResponseAt = performance.now();
      if (statusCode >= 200 && statusCode < 300) samples.push(args[3] as number);
    };
    instance.on("response", onResponse as never);
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const sorted = samples.sort((a, b) => a - b);
  const total = result.requests.total;
  return {
    label: spec.label,
    connections: spec.connections,
    durationSeconds: wallSeconds,
    requests: total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    // A counted run ends only at autocannon's next one-second tick: its rate runs to the last answer.
    throughput: spec.amount !== undefined ? sorted.length / ((lastResponseAt - started) / 1000) : sorted.length / (result.duration || wallSeconds),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sorted.reduce((s, x) => s + x, 0) / sorted.length : Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** One request through `fetch`, to see the status and body before loading a path. */
export async function probe(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, text: await response.text() };
}
