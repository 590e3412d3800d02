// Issue 11: what the deploy worker costs while nothing happens. The product's server.ts runs as a
// separate process (API + its supervised worker, process driver) on a database of its own; bench
// users deploy one-instance services through the API (the worst case: every per-service cost is
// paid once per instance) up to 20, 100 and 200 running instances of the cheapest sample model
// server (number-regressor). At each step, once every service is Running and the start-up has
// settled, the worker's CPU time is read from /proc over a window that spans many health-check
// periods. The cost per instance is the slope of a line through the steps, so 1,000 can be projected.
import { readFile } from "node:fs/promises";
import { createPrismaClient, DEMO_API_TOKEN } from "@rts/db";
import { DEFAULT_HEALTH_PERIODS } from "../apps/api/src/worker/health-monitor.ts";
import { startApiProcess } from "./api-process.ts";
import { deleteUntilGone, liveDeployBody, type LiveTarget } from "./live-scenarios.ts";
import { cpuSnapshot, cpuUsage } from "./proc-cpu.ts";
import { seedBenchUsers } from "./seed-bulk-services.ts";

// 0: the worker's fixed cost (its timers, the job queue's pollers) with nothing to watch.
export const WORKER_INSTANCE_STEPS = [0, 20, 100, 200] as const;
export const TARGET_WORKER_CORE_PERCENT_AT_200 = 2;
const SERVICES_PER_USER = 20; // R1
const SETTLE_MS = 5_000;
const RUNNING_DEADLINE_MS = 300_000;
const MODEL_SERVER = { entry: "sample-apps/number-regressor/server.mjs", args: ["--model-version", "1.0.0"] };

const log = (message: string) => console.log(`[bench] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface WorkerStep {
  instances: number;
  windowSeconds: number;
  /** Share of one core, in percent. */
  workerCorePercent: number;
  apiCorePercent: number;
  postgresCorePercent: number;
  modelServersCorePercent: number;
  /** Resident memory of the worker process at the end of the window. */
  workerRssMiB: number;
}

export interface WorkerBenchResults {
  steps: WorkerStep[];
  /** Least-squares line through the steps: worker % of a core = fixed + perInstance x instances. */
  fixedCorePercent: number;
  perInstanceCorePercent: number;
  projectedAt1000CorePercent: number;
  resyncSeconds: number;
}

async function childPids(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  return text.trim().split(/\s+/).filter(Boolean).map(Number);
}

async function findWorkerPid(apiPid: number): Promise<number> {
  for (const pid of await childPids(apiPid)) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes("worker-main.ts")) return pid;
  }
  throw new Error(`no deploy worker process under the API process ${apiPid}`);
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function deployService(target: LiveTarget, name: string, versionId: string): Promise<void> {
  const response = await fetch(`${target.baseUrl}/api/v1/services`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json" },
    body: JSON.stringify(liveDeployBody(name, versionId, 1)),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 202) throw new Error(`deploy ${name}: ${response.status}: ${(await response.text()).slice(0, 300)}`);
}

function fitLine(points: Array<{ x: number; y: number }>): { intercept: number; slope: number } {
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  const slope = sxx === 0 ? 0 : points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0) / sxx;
  return { intercept: meanY - slope * meanX, slope };
}

export async function runWorkerBenchmarks(options: {
  databaseUrl: string;
  postgresPid: () => Promise<number | null>;
  /** Seconds each step is measured over. */
  windowSeconds: number;
  steps?: readonly number[];
}): Promise<WorkerBenchResults> {
  const steps = options.steps ?? WORKER_INSTANCE_STEPS;
  const largest = Math.max(...steps);
  const resyncSeconds = 30;
  const api = await startApiProcess({
    databaseUrl: options.databaseUrl,
    env: {
      RUNTIME_DRIVER: "process",
      PUBLIC_POOL_VCPUS: "4096",
      PUBLIC_POOL_MEMORY_GIB: "16384",
      METRICS_PORT: "0",
      RESYNC_INTERVAL_SECONDS: String(resyncSeconds),
    },
  });
  const prisma = createPrismaClient(options.databaseUrl, 2);
  try {
    const workerPid = await findWorkerPid(api.pid);
    log(`[worker] API process ${api.pid} with its deploy worker ${workerPid} (process driver)`);
    // The demo service's instances would count too: only the bench's own services run.
    const demo = await prisma.service.findFirst({ where: { name: "demo-classifier" }, select: { id: true } });
    if (demo) await deleteUntilGone({ baseUrl: api.baseUrl, token: DEMO_API_TOKEN }, demo.id);

    const users = await seedBenchUsers(prisma, {
      prefix: "workerbench",
      users: Math.ceil(largest / SERVICES_PER_USER),
      servicesPerUser: 0,
      quota: { vcpuLimit: 10_000, memoryGiBLimit: 40_000, gpuLimit: 0 },
    });
    await prisma.aiApplicationVersion.updateMany({
      where: { application: { owner: { username: { startsWith: "workerbench-" } } } },
      data: { modelServer: MODEL_SERVER },
    });
    const versions = await prisma.aiApplicationVersion.findMany({
      where: { application: { ownerId: { in: users.map((u) => u.id) } } },
      select: { id: true, application: { select: { ownerId: true } } },
    });
    const versionOf = new Map(versions.map((v) => [v.application.ownerId, v.id]));

    const results: WorkerStep[] = [];
    let deployed = 0;
    for (const instances of steps) {
      const started = performance.now();
      for (; deployed < instances; deployed++) {
        const user = users[Math.floor(deployed / SERVICES_PER_USER)]!;
        const name = `idle-${String(deployed % SERVICES_PER_USER).padStart(2, "0")}`;
        await deployService({ baseUrl: api.baseUrl, token: user.token }, name, versionOf.get(user.id)!);
      }
      for (;;) {
        const running = await prisma.service.count({ where: { state: "Running" } });
        if (running >= instances) break;
        const failed = await prisma.service.findFirst({ where: { state: "Failed" }, select: { name: true, stateReason: true } });
        if (failed) throw new Error(`${failed.name} failed to deploy: ${failed.stateReason}`);
        if (performance.now() - started > RUNNING_DEADLINE_MS) throw new Error(`${running} of ${instances} services Running after ${RUNNING_DEADLINE_MS / 1000} s`);
        await sleep(500);
      }
      const healthy = await prisma.instance.count({ where: { state: "Healthy" } });
      log(`[worker] ${healthy} instances healthy (${((performance.now() - started) / 1000).toFixed(1)} s); settling, then measuring ${options.windowSeconds} s`);
      await sleep(SETTLE_MS);
      const modelServers = await childPids(workerPid);
      const postgresPid = await options.postgresPid();
      const before = await cpuSnapshot();
      await sleep(options.windowSeconds * 1000);
      const after = await cpuSnapshot();
      const usage = await cpuUsage(before, after, [
        { name: "worker", pids: [workerPid] },
        { name: "model servers", pids: modelServers, withDescendants: true },
        { name: "api", pids: [api.pid] },
        { name: "postgres", pids: postgresPid ? [postgresPid] : [], withDescendants: true },
      ]);
      const percent = (group: string) => ((usage.groups[group] ?? 0) / usage.wallSeconds) * 100;
      const step: WorkerStep = {
        instances: healthy,
        windowSeconds: usage.wallSeconds,
        workerCorePercent: percent("worker"),
        apiCorePercent: percent("api"),
        postgresCorePercent: percent("postgres"),
        modelServersCorePercent: percent("model servers"),
        workerRssMiB: await rssMiB(workerPid),
      };
      log(`[worker] ${step.instances} instances: worker ${step.workerCorePercent.toFixed(2)}% of a core, PostgreSQL ${step.postgresCorePercent.toFixed(2)}%, API ${step.apiCorePercent.toFixed(2)}%`);
      results.push(step);
    }
    const line = fitLine(results.map((s) => ({ x: s.instances, y: s.workerCorePercent })));
    return {
      steps: results,
      fixedCorePercent: line.intercept,
      perInstanceCorePercent: line.slope,
      projectedAt1000CorePercent: line.intercept + line.slope * 1000,
      resyncSeconds,
    };
  } finally {
    await prisma.$disconnect();
    await api.stop();
  }
}

export function workerMarkdown(results: WorkerBenchResults): string {
  const at200 = results.steps.find((s) => s.instances >= 200);
  const rows = results.steps.map(
    (s) =>
      `| ${s.instances} | ${s.workerCorePercent.toFixed(2)}% | ${s.instances > 0 ? `${(s.workerCorePercent / s.instances).toFixed(4)}%` : "-"} | ${s.postgresCorePercent.toFixed(2)}% | ${s.apiCorePercent.toFixed(2)}% | ${s.workerRssMiB.toFixed(0)} MiB | ${s.windowSeconds.toFixed(0)} s |`,
  );
  const goal = at200
    ? `${at200.workerCorePercent.toFixed(2)}% of a core at ${at200.instances} instances: ${at200.workerCorePercent < TARGET_WORKER_CORE_PERCENT_AT_200 ? "met" : "**missed**"} (goal: under ${TARGET_WORKER_CORE_PERCENT_AT_200}%).`
    : "no step with 200 instances was run.";
  return [
    "## Idle deploy worker (issue 11)",
    "",
    `Goal: ${goal}`,
    "",
    "| running instances | worker CPU (% of a core) | per instance | PostgreSQL (whole cluster) | API process | worker RSS | window |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `Per instance: **${results.perInstanceCorePercent.toFixed(4)}%** of a core (least-squares slope over the steps), fixed part ${results.fixedCorePercent.toFixed(2)}%; projected at 1,000 instances: **${results.projectedAt1000CorePercent.toFixed(2)}%** of a core.`,
    "",
    `How: server.ts as its own process with its supervised worker (process driver), one-instance public-pool services of number-regressor 1.0.0 deployed through the API by bench users (20 each, R1), so every per-service cost is paid once per instance. At each step every service is Running, the start-up settles ${SETTLE_MS / 1000} s, then CPU time of the worker process alone (not its model servers) is read from /proc over the window; the worker resyncs every ${results.resyncSeconds} s and checks each healthy instance every ${DEFAULT_HEALTH_PERIODS.healthyMs / 1000} s.`,
    "",
  ].join("\n");
}
