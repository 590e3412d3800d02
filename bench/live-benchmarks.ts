// The live part of `pnpm bench`: the product's own server.ts in a separate process (API + its
// supervised deploy worker + real model-server processes) on a fresh database in the bench's
// PostgreSQL cluster. Measures deploy request -> Running (1 and 8 instances) and the inference
// gateway against calling the same model server directly. Everything it starts is stopped in
// `finally`, by handle: the API process (which stops its worker, which stops its model servers).
import { readFile } from "node:fs/promises";
import { createPrismaClient, DEMO_API_TOKEN } from "@rts/db";
import { startApiProcess } from "./api-process.ts";
import { deleteUntilGone, deployUntilRunning, getService, probe, runLoad, type LiveTarget, type LoadResult, type LoadSpec } from "./live-scenarios.ts";
import { cpuSnapshot, cpuUsage, type CpuUsage, type ProcessGroup } from "./proc-cpu.ts";

export const DEPLOY_RUNS = 5;
export const DEPLOY_CASES = [
  { instances: 1, targetMs: 2_000 },
  { instances: 8, targetMs: 4_000 },
] as const;
export const LOAD_CONNECTIONS = 8;
export const LOAD_SECONDS = 10;
export const WARMUP_SECONDS = 2;
export const SEQUENTIAL_REQUESTS = 2_000;
export const TARGET_THROUGHPUT_RATIO = 0.8;
export const TARGET_ADDED_P99_MS = 2;
export const INFER_BODY = JSON.stringify({ text: "I was charged twice on my invoice this month, please refund the duplicate payment" });

/** Where one deploy's time went, from the worker's own timestamps (ms after the request was sent). */
export interface DeployPhases {
  firstLaunchMs: number;
  lastLaunchMs: number;
  lastHealthyMs: number;
}

export interface DeployCaseResult {
  instances: number;
  targetMs: number;
  phases: DeployPhases[];
  /** Deploy request -> Running, ms, one per run. */
  toRunningMs: number[];
  acceptMs: number[];
  deleteMs: number[];
}

export interface LoadPhase {
  result: LoadResult;
  cpu: CpuUsage;
  /** Committed PostgreSQL transactions (statements outside a transaction count one each) in bench_live during the run. */
  dbTransactions: number;
}

export interface GatewayComparison {
  connections: number;
  direct: LoadPhase;
  gateway: LoadPhase | null;
  directSequential: LoadPhase;
  gatewaySequential: LoadPhase | null;
  /** Why the gateway was not measured (e.g. its route answered 404), when it was not. */
  gatewayUnavailable: string | null;
}

export interface LiveResults {
  warmUpDeployMs: number;
  deploys: DeployCaseResult[];
  gateway: GatewayComparison;
  demoServiceReadyMs: number;
}

const log = (message: string) => console.log(`[bench] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function childPids(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  return text.trim().split(/\s+/).filter(Boolean).map(Number);
}

async function workerPid(apiPid: number): Promise<number | null> {
  for (const pid of await childPids(apiPid)) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes("worker-main.ts")) return pid;
  }
  return null;
}

export async function runLiveBenchmarks(options: {
  databaseUrl: string;
  postgresPid: () => Promise<number | null>;
}): Promise<LiveResults> {
  const started = performance.now();
  const api = await startApiProcess({ databaseUrl: options.databaseUrl });
  log(`API process (server.ts, pid ${api.pid}) ready with its deploy worker (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const prisma = createPrismaClient(options.databaseUrl, 2);
  const target: LiveTarget = { baseUrl: api.baseUrl, token: DEMO_API_TOKEN };
  const cleanupIds = new Set<string>();
  try {
    const version = await prisma.aiApplicationVersion.findFirstOrThrow({
      where: { version: "1.0.0", application: { name: "text-classifier", owner: { username: "alice" } } },
      select: { id: true },
    });

    // server.ts deploys demo-classifier (2 instances) at start: let it settle so its start-up
    // does not run during the timed deploys.
    const demoStarted = performance.now();
    const demo = await prisma.service.findFirst({ where: { name: "demo-classifier" }, select: { id: true } });
    if (demo) {
      for (let i = 0; i < 600; i++) {
        const state = (await getService(target, demo.id)).state;
        if (state === "Running") break;
        if (state === "Failed") throw new Error("demo-classifier failed to deploy; see API output");
        await sleep(100);
      }
    }
    const demoServiceReadyMs = performance.now() - demoStarted;

    const deployOnce = async (name: string, instances: number) => {
      const sentAt = Date.now();
      const timing = await deployUntilRunning(target, version.id, name, instances);
      cleanupIds.add(timing.serviceId);
      const rows = await prisma.instance.findMany({ where: { serviceId: timing.serviceId }, select: { startedAt: true, healthyAt: true } });
      const at = (dates: Array<Date | null>, pick: (values: number[]) => number) =>
        pick(dates.filter((d): d is Date => d !== null).map((d) => d.getTime() - sentAt));
      const phases: DeployPhases = {
        firstLaunchMs: at(rows.map((r) => r.startedAt), (v) => Math.min(...v)),
        lastLaunchMs: at(rows.map((r) => r.startedAt), (v) => Math.max(...v)),
        lastHealthyMs: at(rows.map((r) => r.healthyAt), (v) => Math.max(...v)),
      };
      const deleteMs = await deleteUntilGone(target, timing.serviceId);
      cleanupIds.delete(timing.serviceId);
      return { ...timing, deleteMs, phases };
    };

    const warmUp = await deployOnce("ttr-warmup", 1);
    log(`warm-up deploy (1 instance): Running after ${warmUp.toRunningMs.toFixed(0)} ms`);
    const deploys: DeployCaseResult[] = [];
    for (const { instances, targetMs } of DEPLOY_CASES) {
      const result: DeployCaseResult = { instances, targetMs, phases: [], toRunningMs: [], acceptMs: [], deleteMs: [] };
      for (let run = 0; run < DEPLOY_RUNS; run++) {
        const timing = await deployOnce(`ttr-${instances}x-${run}`, instances);
        result.toRunningMs.push(timing.toRunningMs);
        result.acceptMs.push(timing.acceptMs);
        result.deleteMs.push(timing.deleteMs);
        result.phases.push(timing.phases);
      }
      log(`deploy -> Running, ${instances} instance(s): ${result.toRunningMs.map((ms) => ms.toFixed(0)).join(", ")} ms`);
      deploys.push(result);
    }

    // Gateway vs direct: one instance, so both paths end at the same model-server process.
    const gw = await deployUntilRunning(target, version.id, "gw-bench", 1);
    cleanupIds.add(gw.serviceId);
    const detail = await getService(target, gw.serviceId);
    const port = detail.instances[0]?.port;
    if (!port) throw new Error("gw-bench is Running but reports no instance port");
    const instance = await prisma.instance.findFirst({ where: { serviceId: gw.serviceId }, select: { pid: true } });
    const otherModelServers = (await prisma.instance.findMany({ where: { serviceId: { not: gw.serviceId } }, select: { pid: true } }))
      .map((i) => i.pid)
      .filter((pid): pid is number => pid !== null);
    const worker = await workerPid(api.pid);
    const postmaster = await options.postgresPid();
    const groups: ProcessGroup[] = [
      { name: "model server", pids: instance?.pid ? [instance.pid] : [] },
      { name: "other model servers (demo-classifier)", pids: otherModelServers },
      { name: "deploy worker", pids: worker ? [worker] : [], withDescendants: true },
      { name: "API (gateway)", pids: [api.pid], withDescendants: true },
      { name: "PostgreSQL", pids: postmaster ? [postmaster] : [], withDescendants: true },
      { name: "load generator", pids: [process.pid] },
    ];

    const directUrl = `http://127.0.0.1:${port}/predict`;
    const gatewayUrl = `${api.baseUrl}/v1/infers/${gw.serviceId}`;
    const auth = { authorization: `Bearer ${DEMO_API_TOKEN}` };
    const directProbe = await probe(directUrl, {}, INFER_BODY);
    if (directProbe.status !== 200) throw new Error(`direct /predict answered ${directProbe.status}: ${directProbe.text.slice(0, 300)}`);
    const gatewayProbe = await probe(gatewayUrl, auth, INFER_BODY);
    const gatewayUnavailable =
      gatewayProbe.status === 200 ? null : `POST /v1/infers/:serviceId answered ${gatewayProbe.status}: ${gatewayProbe.text.slice(0, 200)}`;
    if (gatewayUnavailable) log(`gateway not measured: ${gatewayUnavailable}`);

    const commits = async () => {
      const rows = await prisma.$queryRaw<Array<{ n: bigint }>>`SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`;
      // Statistics are sent by each backend at most about once a second: let them land.
      return Number(rows[0]?.n ?? 0);
    };
    const measured = async (spec: LoadSpec): Promise<LoadPhase> => {
      await sleep(1_100);
      const commitsBefore = await commits();
      const before = await cpuSnapshot();
      const result = await runLoad(spec);
      const after = await cpuSnapshot();
      await sleep(1_100);
      const dbTransactions = (await commits()) - commitsBefore;
      if (result.non2xx > 0 || result.errors > 0) {
        throw new Error(`${spec.label}: ${result.non2xx} non-2xx responses, ${result.errors} errors out of ${result.requests}`);
      }
      log(
        `${spec.label}, ${spec.connections} connection(s): ${result.throughput.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms`,
      );
      return { result, cpu: await cpuUsage(before, after, groups), dbTransactions };
    };
    const load = (label: string, url: string, headers: Record<string, string>, connections: number, bound: { duration?: number; amount?: number }): LoadSpec => ({
      label,
      url,
      headers,
      body: INFER_BODY,
      connections,
      ...bound,
    });

    await runLoad(load("direct warm-up", directUrl, {}, LOAD_CONNECTIONS, { duration: WARMUP_SECONDS }));
    if (!gatewayUnavailable) await runLoad(load("gateway warm-up", gatewayUrl, auth, LOAD_CONNECTIONS, { duration: WARMUP_SECONDS }));
    const direct = await measured(load("direct", directUrl, {}, LOAD_CONNECTIONS, { duration: LOAD_SECONDS }));
    const gateway = gatewayUnavailable ? null : await measured(load("gateway", gatewayUrl, auth, LOAD_CONNECTIONS, { duration: LOAD_SECONDS }));
    const directSequential = await measured(load("direct", directUrl, {}, 1, { amount: SEQUENTIAL_REQUESTS }));
    const gatewaySequential = gatewayUnavailable ? null : await measured(load("gateway", gatewayUrl, auth, 1, { amount: SEQUENTIAL_REQUESTS }));

    await deleteUntilGone(target, gw.serviceId);
    cleanupIds.delete(gw.serviceId);

    return {
      warmUpDeployMs: warmUp.toRunningMs,
      deploys,
      gateway: { connections: LOAD_CONNECTIONS, direct, gateway, directSequential, gatewaySequential, gatewayUnavailable },
      demoServiceReadyMs,
    };
  } catch (error) {
    console.error(`[bench] live run failed; last API output:\n${api.output()}`);
    throw error;
  } finally {
    // Services left behind by a failed run: ask for deletion (best effort); stopping the API
    // stops the worker and every model server regardless.
    for (const id of cleanupIds) {
      await fetch(`${api.baseUrl}/api/v1/services/${id}`, { method: "DELETE", headers: { authorization: `Bearer ${DEMO_API_TOKEN}` } }).catch(() => {});
    }
    await prisma.$disconnect().catch(() => {});
    const stopping = performance.now();
    await api.stop();
    log(`API process, deploy worker and model servers stopped (${((performance.now() - stopping) / 1000).toFixed(1)} s)`);
  }
}
