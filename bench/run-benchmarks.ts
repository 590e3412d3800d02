// `pnpm bench`: start the real stack on a throwaway database, fill it, time the list and deploy
// endpoints over loopback HTTP; then, once per runtime driver (process, then container), start the
// product's server.ts as a separate process (API + deploy worker + model servers) on a database of
// its own and time deploy -> Running and the inference gateway against direct model-server calls.
// Writes docs/benchmarks.md and prints the tables. Exits non-zero only when something crashes;
// missed targets are reported, not asserted.
// BENCH_ONLY=api, events, live or worker runs one part and prints it without writing the report
// (the API part includes the event fan-out).
// BENCH_DRIVERS=process (or container) runs the live part for one driver only (report not written).
// BENCH_QUICK=1 shortens the live part (2 deploys per case, 3 s loads; report not written).
import { writeFile } from "node:fs/promises";
import { bundleMarkdown, measureFirstPageBundle } from "./bundle-budget.ts";
import os from "node:os";
import { stopAllApiProcesses } from "./api-process.ts";
import { startBenchStack, type BenchStack } from "./bench-stack.ts";
import { eventFanoutMarkdown, eventFanoutText, runEventFanout } from "./event-fanout.ts";
import { liveSettings, runLiveBenchmarks, RUNTIME_DRIVERS, type LiveResults, type RuntimeDriverKind } from "./live-benchmarks.ts";
import { measureConcurrent, measureSequential, summarize, warmUp, type LatencySummary } from "./latency.ts";
import { liveComparisonText, liveNotes, liveTextTables, machineInfo, markdownReport, textTable, type BenchResult } from "./report.ts";
import { checkListShape, deploy, dryRunDeploy, FILTERED_LIST_PATH, listServices, seededRandom, type DeployUser } from "./scenarios.ts";
import { modelSummaryLine } from "./model-report.ts";
import { seedBenchUsers, usernameDigits, type BenchUser } from "./seed-bulk-services.ts";
import { runWorkerBenchmarks, workerMarkdown } from "./worker-benchmarks.ts";

const LIST_USERS = 5_000; // x 20 = 100,000 services
const SERVICES_PER_USER = 20; // R1: the most services one user may have
const LIST_REQUESTS = 2_000;
const LIST_WARMUP = 500;
const CONCURRENCY = 8;
const DEPLOY_USERS = 100; // x 20 deploys each = 2,000 measured deploys
const WARMUP_DEPLOY_USERS = 10; // x 20 = 200 warm-up deploys
const TARGET_LIST_P99_MS = 20;
const TARGET_DEPLOY_P99_MS = 50;
const REPORT_FILE = new URL("../docs/benchmarks.md", import.meta.url);

const log = (message: string) => console.log(`[bench] ${message}`);

async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await step();
  log(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

async function withVersions(prisma: Awaited<ReturnType<typeof startBenchStack>>["prisma"], users: BenchUser[]): Promise<DeployUser[]> {
  const versions = await prisma.aiApplicationVersion.findMany({
    where: { application: { ownerId: { in: users.map((u) => u.id) } } },
    select: { id: true, application: { select: { ownerId: true } } },
  });
  const byOwner = new Map(versions.map((v) => [v.application.ownerId, v.id]));
  return users.map((u) => ({ ...u, versionId: byOwner.get(u.id)! }));
}

/**
 * The deploy flow a console user goes through: preview (dry run), then deploy, for `users` x 20
 * names, round-robin over the users so each one fills up gradually. Both calls are timed apart.
 */
async function deployFlow(baseUrl: string, users: DeployUser[]): Promise<{ dryRun: LatencySummary; deploy: LatencySummary }> {
  const dryRunSamples: number[] = [];
  const deploySamples: number[] = [];
  const count = users.length * SERVICES_PER_USER;
  let dryRunMs = 0;
  let deployMs = 0;
  for (let i = 0; i < count; i++) {
    const user = users[i % users.length]!;
    const name = `deployed-${String(Math.floor(i / users.length)).padStart(2, "0")}`;
    let started = performance.now();
    await dryRunDeploy(baseUrl, user, name);
    const dryRunTook = performance.now() - started;
    started = performance.now();
    await deploy(baseUrl, user, name);
    const deployTook = performance.now() - started;
    dryRunSamples.push(dryRunTook);
    deploySamples.push(deployTook);
    dryRunMs += dryRunTook;
    deployMs += deployTook;
  }
  return { dryRun: summarize(dryRunSamples, dryRunMs), deploy: summarize(deploySamples, deployMs) };
}

async function apiBenchmarks(stack: BenchStack): Promise<{ results: BenchResult[]; dataset: string[] }> {
  const { baseUrl, prisma } = stack;
  const quota = { vcpuLimit: 1000, memoryGiBLimit: 4000, gpuLimit: 10 };
  const seedStarted = performance.now();
  const listUsers = await timed(`seeded ${LIST_USERS} users x ${SERVICES_PER_USER} services`, () =>
    seedBenchUsers(prisma, { prefix: "bench", users: LIST_USERS, servicesPerUser: SERVICES_PER_USER, quota }),
  );
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const deployUsers = await timed(`seeded ${DEPLOY_USERS + WARMUP_DEPLOY_USERS} deploy users`, async () =>
    withVersions(
      prisma,
      await seedBenchUsers(prisma, { prefix: "deployer", users: DEPLOY_USERS + WARMUP_DEPLOY_USERS, servicesPerUser: 0, quota }),
    ),
  );
  const serviceCount = await prisma.service.count();
  log(`${serviceCount} services in the table`);

  const random = seededRandom(20261125);
  const pick = () => listUsers[Math.floor(random() * listUsers.length)]!;
  await checkListShape(baseUrl, listUsers[0]!, SERVICES_PER_USER);
  await timed(`list warm-up (${LIST_WARMUP})`, () => warmUp(LIST_WARMUP, () => listServices(baseUrl, pick())));
  const listSequential = await timed(`list, sequential (${LIST_REQUESTS})`, () =>
    measureSequential(LIST_REQUESTS, () => listServices(baseUrl, pick())),
  );
  const listConcurrent = await timed(`list, ${CONCURRENCY} in flight (${LIST_REQUESTS})`, () =>
    measureConcurrent(LIST_REQUESTS, CONCURRENCY, () => listServices(baseUrl, pick())),
  );
  const listFiltered = await timed(`list searched, filtered and sorted by name (${LIST_REQUESTS})`, () =>
    measureSequential(LIST_REQUESTS, () => listServices(baseUrl, pick(), FILTERED_LIST_PATH)),
  );

  await timed(`deploy warm-up (${WARMUP_DEPLOY_USERS * SERVICES_PER_USER} dry runs + deploys)`, () =>
    deployFlow(baseUrl, deployUsers.slice(DEPLOY_USERS)),
  );
  const flow = await timed(`deploy flow (${DEPLOY_USERS * SERVICES_PER_USER} dry runs + deploys)`, () =>
    deployFlow(baseUrl, deployUsers.slice(0, DEPLOY_USERS)),
  );
  const finalCount = await prisma.service.count();

  const results: BenchResult[] = [
    { name: "GET /api/v1/services?page=1&pageSize=20", concurrency: 1, summary: listSequential, targetP99Ms: TARGET_LIST_P99_MS },
    { name: "GET /api/v1/services?page=1&pageSize=20", concurrency: CONCURRENCY, summary: listConcurrent, targetP99Ms: null },
    { name: `GET ${FILTERED_LIST_PATH}`, concurrency: 1, summary: listFiltered, targetP99Ms: TARGET_LIST_P99_MS },
    { name: "POST /api/v1/services?dryRun=true", concurrency: 1, summary: flow.dryRun, targetP99Ms: TARGET_DEPLOY_P99_MS },
    { name: "POST /api/v1/services (deploy)", concurrency: 1, summary: flow.deploy, targetP99Ms: TARGET_DEPLOY_P99_MS },
  ];
  const dataset = [
    `${serviceCount.toLocaleString("en-US")} services when the list is timed: ${LIST_USERS.toLocaleString("en-US")} users \`bench-${"0".repeat(usernameDigits(LIST_USERS))}\`..\`bench-${LIST_USERS - 1}\` with ${SERVICES_PER_USER} each (the R1 limit), public pool, flavor cpu.2u8g, one version configuration, a deploy event and a quota ledger entry each, states a mix of Running, Deploying and Stopped; plus the seeded demo users alice and bob. Seeding them (set-based INSERT ... SELECT in one transaction, then ANALYZE) took ${seedSeconds.toFixed(1)} s.`,
    `The list is \`GET /api/v1/services?page=1&pageSize=20\` (default sort: newest first) for a user picked at random (seeded PRNG) per request, authenticated with that user's API token (\`Authorization: Bearer\`). Warm-up: ${LIST_WARMUP} requests. The searched row (\`q\`, \`state\`, \`sort=name\`) is the same users' list narrowed the way the console's search box and state filter do.`,
    `Deploys use ${DEPLOY_USERS} fresh users \`deployer-000\`..\`deployer-${String(DEPLOY_USERS - 1).padStart(3, "0")}\` (quota 1,000 vCPUs), each deploying ${SERVICES_PER_USER} public-pool services round-robin, so each user goes from 0 to ${SERVICES_PER_USER} services. Every deploy is preceded by its dry run with the same body, timed separately (the console's preview-then-deploy flow). Warm-up: ${WARMUP_DEPLOY_USERS} more users x ${SERVICES_PER_USER} (dry run + deploy).`,
    `A deploy writes the service, its pool placement, configuration, event, quota hold and ledger entry, and enqueues its pg-boss job in one transaction; no deploy worker runs on this database, so the jobs stay queued. ${finalCount.toLocaleString("en-US")} services in the table at the end.`,
  ];
  console.log(`\n${textTable(results)}\n`);
  return { results, dataset };
}

/** The command as typed, with the bench's own environment variables that were set. */
function commandLine(): string {
  const keys = ["CONTAINER_ENGINE_SOCKET", "DOCKER_HOST", "BENCH_ONLY", "BENCH_DRIVERS", "BENCH_QUICK", "BENCH_API_NODE_ARGS"];
  const set = keys.filter((key) => process.env[key]).map((key) => `${key}=${process.env[key]}`);
  return [...set, "pnpm bench"].join(" ");
}

async function main(): Promise<void> {
  const runStarted = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  log(`1-minute load average at start: ${loadAtStart.toFixed(2)} on ${os.cpus().length} cores`);
  const only = process.env.BENCH_ONLY;
  const PARTS = ["api", "events", "live", "worker"];
  if (only && !PARTS.includes(only)) throw new Error(`BENCH_ONLY must be one of ${PARTS.join(", ")}, got "${only}"`);
  const drivers = [...new Set((process.env.BENCH_DRIVERS || RUNTIME_DRIVERS.join(",")).split(",").map((d) => d.trim()).filter(Boolean))];
  for (const driver of drivers) {
    if (!RUNTIME_DRIVERS.includes(driver as RuntimeDriverKind)) throw new Error(`BENCH_DRIVERS lists "${driver}"; use ${RUNTIME_DRIVERS.join(", ")}`);
  }
  const quick = process.env.BENCH_QUICK === "1" || process.env.BENCH_QUICK === "true";
  const settings = liveSettings(quick);
  const someDrivers = !RUNTIME_DRIVERS.every((driver) => drivers.includes(driver));
  const partial = Boolean(only) || quick || someDrivers;
  const stack = await timed("stack started: embedded PostgreSQL, migrations, demo data, job queue, app", () =>
    startBenchStack(),
  );
  // Ctrl-C or a kill: stop what this run started, then exit.
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`[bench] ${signal}: stopping the API process (its worker removes its containers) and PostgreSQL`);
    void stopAllApiProcesses()
      .then(() => stack.close())
      .finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const api = only && only !== "api" ? null : await apiBenchmarks(stack);
    const events =
      only && only !== "api" && only !== "events"
        ? null
        : await timed(`event fan-out: 1,000 streams, one change per user`, async () =>
            runEventFanout({ databaseUrl: await stack.createDatabase("bench_events"), log }),
          );
    if (events) console.log(`\n${eventFanoutText(events)}\n`);

    const live: LiveResults[] = [];
    if (!only || only === "live") {
      // One run per driver, one after the other, each on a database of its own.
      for (const driver of drivers as RuntimeDriverKind[]) {
        const database = `bench_live_${driver}`;
        const databaseUrl = await timed(`live database ${database} created and migrated`, () => stack.createDatabase(database));
        const result = await timed(`live stack, ${driver} driver: deploy -> Running and gateway vs direct`, () =>
          runLiveBenchmarks({ driver, databaseUrl, postgresPid: stack.postgresPid, settings }),
        );
        console.log(`\n${liveTextTables(result)}\n`);
        live.push(result);
      }
    }

    const worker =
      only && only !== "worker"
        ? null
        : await timed("idle deploy worker at 0 / 20 / 100 / 200 running instances", async () =>
            runWorkerBenchmarks({ databaseUrl: await stack.createDatabase("bench_worker"), postgresPid: stack.postgresPid, windowSeconds: quick ? 10 : 60 }),
          );
    if (worker) console.log(`\n${workerMarkdown(worker)}`);

    if (live.length > 1) console.log(`\n${liveComparisonText(live)}\n`);
    if (live.length > 0) log(`README summary: ${modelSummaryLine(live) || "(no bring-your-own-model figures)"}`);

    if (!api || !events || !worker || partial) {
      log(`partial run (${[only && `BENCH_ONLY=${only}`, quick && "BENCH_QUICK", someDrivers && `BENCH_DRIVERS=${drivers.join(",")}`].filter(Boolean).join(", ")}): report not written`);
      return;
    }
    const bundle = await timed("console built; first-page JavaScript measured", () => measureFirstPageBundle());
    log(`first-page JavaScript: ${bundle.totalGzipKB.toFixed(1)} KB gzipped (budget ${bundle.budgetKB} KB)`);
    const markdown = markdownReport(api.results, {
      date: new Date(),
      loadAverage: { start: loadAtStart, end: os.loadavg()[0]! },
      machine: machineInfo(),
      dataset: api.dataset,
      durationSeconds: (performance.now() - runStarted) / 1000,
      command: commandLine(),
      live,
      liveNotes: live.map(liveNotes),
    });
    await writeFile(REPORT_FILE, `${markdown}\n${eventFanoutMarkdown(events)}\n${workerMarkdown(worker)}\n${bundleMarkdown(bundle)}`);
    log(`wrote ${REPORT_FILE.pathname}`);
  } finally {
    await stopAllApiProcesses();
    await timed("stack stopped and temp folder removed", () => stack.close());
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("[bench] crashed:", error);
    process.exit(1);
  },
);
