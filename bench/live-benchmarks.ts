// The live part of `pnpm bench`, run once per runtime driver: the product's own server.ts in a
// separate process (API + its supervised deploy worker + real model servers, as processes or as
// containers) on a fresh database in the bench's PostgreSQL cluster. Measures deploy request ->
// Running (1 and 8 instances) and the inference gateway against calling the same model server
// directly at the instance's host:port. Everything it starts is stopped in `finally`, by handle:
// the API process (which stops its worker, which stops its model servers; with containers,
// INSTANCES_ON_SHUTDOWN=stop), then, for containers, anything still labelled with this run's
// control plane id is removed by container id.
import { readFile } from "node:fs/promises";
import os from "node:os";
import { createPrismaClient, DEMO_API_TOKEN } from "@rts/db";
import { containerName, controlPlaneId, LABELS, ownerNetworkName } from "../apps/api/src/runtime/container/container-labels.ts";
import { startApiProcess } from "./api-process.ts";
import { engineClient, findEngineSocket, type EngineClient } from "./engine-client.ts";
import { deleteUntilGone, deployUntilRunning, getService, probe, runLoad, type LiveTarget, type LoadResult, type LoadSpec } from "./live-scenarios.ts";
import { runModelBenchmarks, type ModelBenchResults } from "./model-benchmarks.ts";
import { runModifyBenchmarks, type ModifyCaseResult } from "./modify-benchmarks.ts";
import { cpuSnapshot, cpuUsage, type CpuUsage, type ProcessGroup } from "./proc-cpu.ts";
import { compareWithNginx, type NginxComparison } from "./nginx-comparison.ts";

export type RuntimeDriverKind = "process" | "container";
export const RUNTIME_DRIVERS: readonly RuntimeDriverKind[] = ["process", "container"];

/** Deploy -> Running targets per driver (issue 7: containers under 1.5 s and 3 s). */
export const DEPLOY_CASES: Record<RuntimeDriverKind, ReadonlyArray<{ instances: number; targetMs: number }>> = {
  process: [
    { instances: 1, targetMs: 2_000 },
    { instances: 8, targetMs: 4_000 },
  ],
  container: [
    { instances: 1, targetMs: 1_500 },
    { instances: 8, targetMs: 3_000 },
  ],
};
export const TARGET_THROUGHPUT_RATIO = 0.8;
export const TARGET_ADDED_P99_MS = 2;
export const INFER_BODY = JSON.stringify({ text: "I was charged twice on my invoice this month, please refund the duplicate payment" });

/** How long each part runs. BENCH_QUICK=1 shortens them all (for trying the bench out; the report is then not written). */
export interface LiveSettings {
  deployRuns: number;
  loadConnections: number;
  loadSeconds: number;
  warmupSeconds: number;
  sequentialRequests: number;
  /** The nginx comparison: seconds per path and round, and rounds. */
  nginxSeconds: number;
  nginxRounds: number;
}

export function liveSettings(quick: boolean): LiveSettings {
  return quick
    ? { deployRuns: 2, loadConnections: 8, loadSeconds: 3, warmupSeconds: 1, sequentialRequests: 300, nginxSeconds: 3, nginxRounds: 1 }
    : { deployRuns: 5, loadConnections: 8, loadSeconds: 10, warmupSeconds: 2, sequentialRequests: 2_000, nginxSeconds: 8, nginxRounds: 3 };
}

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
  /** Committed PostgreSQL transactions (statements outside a transaction count one each) in this run's database during the load. */
  dbTransactions: number;
}

export interface GatewayComparison {
  connections: number;
  /** Where the direct calls went: the instance's host:port (a container's address on its owner's network, or 127.0.0.1). */
  directTarget: string;
  direct: LoadPhase;
  gateway: LoadPhase | null;
  directSequential: LoadPhase;
  gatewaySequential: LoadPhase | null;
  /** Why the gateway was not measured (e.g. its route answered 404), when it was not. */
  gatewayUnavailable: string | null;
}

export interface LiveResults {
  driver: RuntimeDriverKind;
  /** In words: "containers on Podman Engine 4.3.1 at /run/podman/podman.sock" or "local processes". */
  runtime: string;
  /** The environment the API process got on top of the bench's own. */
  apiEnv: Record<string, string>;
  settings: LiveSettings;
  /** 1-minute load average when this driver's run started (other work on the machine shows here). */
  loadAverageAtStart: number;
  /** API process start until its worker reported ready (includes image builds for containers). */
  apiReadyMs: number;
  warmUpDeployMs: number;
  deploys: DeployCaseResult[];
  gateway: GatewayComparison;
  /** Issue 11: the gateway against nginx in front of the same instance (null when the gateway answered no calls). */
  nginx: NginxComparison | null;
  demoServiceReadyMs: number;
  /** R16: modify request -> every call on the new version, and the delete-and-redeploy alternative. */
  modify: ModifyCaseResult[];
  /** Issue 10: upload -> Normal, and the gateway in front of the built-in ONNX runtime. */
  models: ModelBenchResults;
  /** Clean-up findings worth reporting (e.g. containers the API left behind and the bench removed). */
  cleanup: string[];
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

async function parentPid(pid: number): Promise<number | null> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const ppid = Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[1]);
  return Number.isInteger(ppid) && ppid > 1 ? ppid : null;
}

/** Direct calls stay on this machine: loopback, or a container's address on a local engine network. */
function assertLocalTarget(host: string, driver: RuntimeDriverKind, containerAddresses: string[]): void {
  if (driver === "process" && (host === "127.0.0.1" || host === "::1")) return;
  if (driver === "container" && containerAddresses.includes(host)) return;
  throw new Error(`refusing to load ${host}: not loopback and not the instance container's own address (${containerAddresses.join(", ") || "none"})`);
}

export async function runLiveBenchmarks(options: {
  driver: RuntimeDriverKind;
  databaseUrl: string;
  postgresPid: () => Promise<number | null>;
  settings: LiveSettings;
}): Promise<LiveResults> {
  const { driver, settings } = options;
  // Containers: the engine the bench talks to is the one the API gets, by its socket.
  const socket = driver === "container" ? await findEngineSocket() : null;
  if (driver === "container" && !socket) {
    throw new Error("container driver: no engine socket found; set CONTAINER_ENGINE_SOCKET (or run with BENCH_DRIVERS=process)");
  }
  const engine = socket ? engineClient(socket) : null;
  const runtime = engine ? `containers on ${await engine.description()} at ${engine.socketPath}` : "local processes";
  const planeId = driver === "container" ? await controlPlaneId(options.databaseUrl) : null;
  const apiEnv: Record<string, string> = {
    RUNTIME_DRIVER: driver,
    ...(socket ? { CONTAINER_ENGINE_SOCKET: socket } : {}),
    // A deliberately sized public pool: 8 x cpu.2u8g does not fit the machine's 2 vCPUs (R7).
    PUBLIC_POOL_VCPUS: "256",
    PUBLIC_POOL_MEMORY_GIB: "1024",
    // Throwaway run: the worker removes its containers when it stops.
    INSTANCES_ON_SHUTDOWN: "stop",
    // No loopback metrics listener (its fixed default port may be taken by another run).
    METRICS_PORT: "0",
  };

  const loadAverageAtStart = os.loadavg()[0]!;
  const started = performance.now();
  const api = await startApiProcess({ databaseUrl: options.databaseUrl, env: apiEnv });
  const apiReadyMs = performance.now() - started;
  log(`[${driver}] API process (server.ts, pid ${api.pid}) ready with its deploy worker on ${runtime} (${(apiReadyMs / 1000).toFixed(1)} s)`);
  const prisma = createPrismaClient(options.databaseUrl, 2);
  const target: LiveTarget = { baseUrl: api.baseUrl, token: DEMO_API_TOKEN };
  const cleanupIds = new Set<string>();
  const ownerIds = new Set<string>();
  const cleanup: string[] = [];
  try {
    const version = await prisma.aiApplicationVersion.findFirstOrThrow({
      where: { version: "1.0.0", application: { name: "text-classifier", owner: { username: "alice" } } },
      select: { id: true, application: { select: { ownerId: true } } },
    });
    ownerIds.add(version.application.ownerId);

    // server.ts deploys demo-classifier (2 instances) at start: let it settle so its start-up
    // does not run during the timed deploys.
    const demoStarted = performance.now();
    const demo = await prisma.service.findFirst({ where: { name: "demo-classifier" }, select: { id: true, ownerId: true } });
    if (demo) {
      ownerIds.add(demo.ownerId);
      for (let i = 0; ; i++) {
        const service = await getService(target, demo.id);
        if (service.state === "Running") break;
        if (service.state === "Failed" || i >= 600) {
          throw new Error(`demo-classifier ${service.state === "Failed" ? "failed to deploy" : "not Running within 60 s"}: ${service.stateReason ?? "no reason"}`);
        }
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
    log(`[${driver}] warm-up deploy (1 instance): Running after ${warmUp.toRunningMs.toFixed(0)} ms`);
    const deploys: DeployCaseResult[] = [];
    for (const { instances, targetMs } of DEPLOY_CASES[driver]) {
      const result: DeployCaseResult = { instances, targetMs, phases: [], toRunningMs: [], acceptMs: [], deleteMs: [] };
      for (let run = 0; run < settings.deployRuns; run++) {
        const timing = await deployOnce(`ttr-${instances}x-${run}`, instances);
        result.toRunningMs.push(timing.toRunningMs);
        result.acceptMs.push(timing.acceptMs);
        result.deleteMs.push(timing.deleteMs);
        result.phases.push(timing.phases);
      }
      log(`[${driver}] deploy -> Running, ${instances} instance(s): ${result.toRunningMs.map((ms) => ms.toFixed(0)).join(", ")} ms`);
      deploys.push(result);
    }

    // Where a one-instance service listens, and the pids of its model server (and conmon).
    const locate = async (serviceId: string, what: string) => {
      const detail = await getService(target, serviceId);
      const listed = detail.instances[0] as (typeof detail.instances)[number] & { host?: string | null };
      const instance = await prisma.instance.findFirst({ where: { serviceId }, select: { id: true, pid: true, host: true, port: true } });
      if (!listed || !instance) throw new Error(`${what} is Running but lists no instance`);
      // The API's answer says where the instance listens; the worker's row says the same.
      const host = listed.host ?? instance.host ?? "127.0.0.1";
      const port = listed.port ?? instance.port;
      if (!port) throw new Error(`${what} is Running but reports no instance port`);
      if (instance.host && instance.host !== host) throw new Error(`${what} instance: the API lists host ${host}, the worker recorded ${instance.host}`);
      let modelServerPid = instance.pid;
      let containerMonitorPid: number | null = null;
      if (engine) {
        // The instance really is a container of this run's control plane, and the host is its address.
        const name = containerName(instance.id);
        const facts = await engine.container(name);
        if (!facts?.running) throw new Error(`${what} instance ${instance.id}: no running container ${name}`);
        if (facts.labels[LABELS.plane] !== planeId) throw new Error(`container ${name} belongs to another control plane`);
        assertLocalTarget(host, driver, Object.values(facts.addresses));
        modelServerPid = facts.pid ?? modelServerPid;
        // conmon, the engine's per-container monitor, is the container's parent on the host.
        containerMonitorPid = modelServerPid ? await parentPid(modelServerPid) : null;
      } else {
        assertLocalTarget(host, driver, []);
      }
      const directTarget = `${host.includes(":") ? `[${host}]` : host}:${port}`;
      return { directTarget, modelServerPid, containerMonitorPid };
    };
    const cpuGroups = async (serviceId: string, located: { modelServerPid: number | null; containerMonitorPid: number | null }): Promise<ProcessGroup[]> => {
      const otherModelServers = (await prisma.instance.findMany({ where: { serviceId: { not: serviceId } }, select: { pid: true } }))
        .map((i) => i.pid)
        .filter((pid): pid is number => pid !== null);
      const worker = await workerPid(api.pid);
      const postmaster = await options.postgresPid();
      return [
        { name: "model server", pids: located.modelServerPid ? [located.modelServerPid] : [], withDescendants: true },
        ...(driver === "container" ? [{ name: "container monitor (conmon)", pids: located.containerMonitorPid ? [located.containerMonitorPid] : [] }] : []),
        { name: "other model servers (demo-classifier)", pids: otherModelServers, withDescendants: true },
        { name: "deploy worker", pids: worker ? [worker] : [], withDescendants: true },
        { name: "API (gateway)", pids: [api.pid], withDescendants: true },
        { name: "PostgreSQL", pids: postmaster ? [postmaster] : [], withDescendants: true },
        { name: "load generator", pids: [process.pid] },
      ];
    };

    // Gateway vs direct: one instance, so both paths end at the same model server.
    const gw = await deployUntilRunning(target, version.id, "gw-bench", 1);
    cleanupIds.add(gw.serviceId);
    const located = await locate(gw.serviceId, "gw-bench");
    const groups = await cpuGroups(gw.serviceId, located);

    const { directTarget } = located;
    const directUrl = `http://${directTarget}/predict`;
    const gatewayUrl = `${api.baseUrl}/v1/infers/${gw.serviceId}`;
    const auth = { authorization: `Bearer ${DEMO_API_TOKEN}` };
    const directProbe = await probe(directUrl, {}, INFER_BODY);
    if (directProbe.status !== 200) throw new Error(`direct /predict answered ${directProbe.status}: ${directProbe.text.slice(0, 300)}`);
    const gatewayProbe = await probe(gatewayUrl, auth, INFER_BODY);
    const gatewayUnavailable =
      gatewayProbe.status === 200 ? null : `POST /v1/infers/:serviceId answered ${gatewayProbe.status}: ${gatewayProbe.text.slice(0, 200)}`;
    if (gatewayUnavailable) log(`[${driver}] gateway not measured: ${gatewayUnavailable}`);
    log(`[${driver}] direct calls go to ${directUrl}`);

    const commits = async () => {
      const rows = await prisma.$queryRaw<Array<{ n: bigint }>>`SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`;
      return Number(rows[0]?.n ?? 0);
    };
    const measured = async (spec: LoadSpec, groups: ProcessGroup[]): Promise<LoadPhase> => {
      // Statistics are sent by each backend at most about once a second: let them land.
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
        `[${driver}] ${spec.label}, ${spec.connections} connection(s): ${result.throughput.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms`,
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

    const conns = settings.loadConnections;
    await runLoad(load("direct warm-up", directUrl, {}, conns, { duration: settings.warmupSeconds }));
    if (!gatewayUnavailable) await runLoad(load("gateway warm-up", gatewayUrl, auth, conns, { duration: settings.warmupSeconds }));
    const direct = await measured(load("direct", directUrl, {}, conns, { duration: settings.loadSeconds }), groups);
    const gateway = gatewayUnavailable ? null : await measured(load("gateway", gatewayUrl, auth, conns, { duration: settings.loadSeconds }), groups);
    const directSequential = await measured(load("direct", directUrl, {}, 1, { amount: settings.sequentialRequests }), groups);
    const gatewaySequential = gatewayUnavailable ? null : await measured(load("gateway", gatewayUrl, auth, 1, { amount: settings.sequentialRequests }), groups);
    const nginx = gatewayUnavailable
      ? null
      : await compareWithNginx({
          directTarget,
          gatewayUrl,
          token: DEMO_API_TOKEN,
          body: INFER_BODY,
          apiPid: api.pid,
          connections: conns,
          seconds: settings.nginxSeconds,
          rounds: settings.nginxRounds,
          log: (message) => log(`[${driver}] ${message}`),
        });

    await deleteUntilGone(target, gw.serviceId);
    cleanupIds.delete(gw.serviceId);

    const v2 = await prisma.aiApplicationVersion.findFirstOrThrow({
      where: { version: "2.0.0", application: { name: "text-classifier", owner: { username: "alice" } } },
      select: { id: true },
    });
    const modify = await runModifyBenchmarks({ target, versions: { v1: version.id, v2: v2.id }, runs: settings.deployRuns, inferBody: INFER_BODY, track: cleanupIds });
    for (const c of modify) {
      log(`[${driver}] ${c.label}: ${c.runs.map((r) => `${r.toNewVersionMs.toFixed(0)} ms (${r.failedCalls} failed)`).join(", ")}`);
    }

    const onnxVersion = await prisma.aiApplicationVersion.findFirstOrThrow({
      where: { version: "2.0.0", application: { name: "delivery-eta-onnx", owner: { username: "alice" } } },
      select: { id: true },
    });
    const models = await runModelBenchmarks(
      {
        target,
        versionId: onnxVersion.id,
        deployRuns: settings.deployRuns,
        settings,
        locate: (serviceId) => locate(serviceId, "onnx-bench"),
        measured: async (spec, serviceId) => measured(spec, await cpuGroups(serviceId, await locate(serviceId, "onnx-bench"))),
        track: cleanupIds,
      },
      driver,
    );

    return {
      driver,
      runtime,
      apiEnv,
      settings,
      loadAverageAtStart,
      apiReadyMs,
      warmUpDeployMs: warmUp.toRunningMs,
      deploys,
      gateway: { connections: conns, directTarget, direct, gateway, directSequential, gatewaySequential, gatewayUnavailable },
      nginx,
      demoServiceReadyMs,
      modify,
      models,
      cleanup,
    };
  } catch (error) {
    console.error(`[bench] [${driver}] live run failed; last API output:\n${api.output()}`);
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
    log(`[${driver}] API process, deploy worker and model servers stopped (${((performance.now() - stopping) / 1000).toFixed(1)} s)`);
    if (engine && planeId) await removeLeftovers(engine, planeId, ownerIds, cleanup);
  }
}

/**
 * The backstop after the API process has stopped: any container still labelled with this run's
 * control plane id (the worker should have removed them all, INSTANCES_ON_SHUTDOWN=stop) is
 * removed by its id, then the per-owner networks of this run's users, by their exact names.
 */
async function removeLeftovers(engine: EngineClient, planeId: string, ownerIds: Set<string>, cleanup: string[]): Promise<void> {
  try {
    const left = await engine.containersWithLabel(LABELS.plane, planeId);
    for (const container of left) await engine.removeContainer(container.id);
    if (left.length > 0) {
      const note = `${left.length} container(s) of this run were still there after the API process stopped and were removed by the bench: ${left.map((c) => c.name).join(", ")}`;
      cleanup.push(note);
      log(`[container] ${note}`);
    }
    // User ids are fresh UUIDs in each bench database, so these networks are this run's alone.
    for (const ownerId of ownerIds) {
      const name = ownerNetworkName(ownerId);
      if (!(await engine.removeNetwork(name))) log(`[container] network ${name} was not removed (already gone, or still in use)`);
    }
  } catch (error) {
    const note = `clean-up of containers labelled ${LABELS.plane}=${planeId} failed: ${(error as Error).message}`;
    cleanup.push(note);
    console.error(`[bench] ${note}`);
  }
}
