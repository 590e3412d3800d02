// Event fan-out: the product's server.ts as its own process (API + deploy worker, process driver),
// 100 users with 10 open `GET /api/v1/services/events` streams each (the per-user cap), then one
// state change per user, written as the worker writes one (transitionService: the state, an event,
// a `service_state` notification on commit). Timed from the change's commit to its first
// `service-state` frame on each of the owner's streams; the API's resident memory
// is read from /proc before the streams open, once they are open, and after the changes.
// The seeded services are Stopped and stay without instances, so the worker starts nothing.
import http from "node:http";
import { readFile } from "node:fs/promises";
import { createPrismaClient, seedDemoData, type Prisma, type PrismaClient } from "@rts/db";
import { MAX_BUFFERED_BYTES } from "../apps/api/src/gateway/service-events.ts";
import { transitionService } from "../apps/api/src/modules/services/state-transitions.ts";
import { startApiProcess, type ApiProcess } from "./api-process.ts";
import { percentile } from "./latency.ts";
import { mdTable, plainTable } from "./markdown-tables.ts";
import { seedBenchUsers, type BenchUser } from "./seed-bulk-services.ts";

export const EVENT_FANOUT_TARGET_P99_MS = 1_000;
const USERS = 100;
const STREAMS_PER_USER = 10;
const OPEN_IN_FLIGHT = 50;
const PACED_GAP_MS = 10;
const ROUND_TIMEOUT_MS = 15_000;
const SETTLE_MS = 1_000;
const QUOTA = { vcpuLimit: 1000, memoryGiBLimit: 4000, gpuLimit: 10 };

export interface FanoutRound {
  name: string;
  changes: number;
  /** p50, p99 and max are timed from the change's commit, when PostgreSQL sends the notification. */
  expectedFrames: number;
  receivedFrames: number;
  p50: number;
  p99: number;
  max: number;
  /** Timed from the start of the change's transaction instead of its commit. */
  fromWriteP50: number;
  fromWriteP99: number;
}

export interface EventFanoutResult {
  users: number;
  streamsPerUser: number;
  openSeconds: number;
  /** Status of one stream more than the cap for one user (429 expected). */
  overCapStatus: number;
  /** Frames about a service that reached a stream of another user (0 expected). */
  foreignFrames: number;
  rssMiB: { beforeStreams: number; streamsOpen: number; afterChanges: number };
  rounds: FanoutRound[];
}

interface OpenStream {
  user: BenchUser;
  /** serviceId -> ms (performance.now) of the first state frame about it since `expect`. */
  arrivals: Map<string, number>;
  request: http.ClientRequest;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/**
 * Opens one stream and resolves once the server's first comment arrived (the stream is subscribed).
 * A frame counts as an arrival only while its service is in `armed` (a change of it is under way),
 * so a late frame about an earlier change is not taken for the current one.
 */
function openStream(
  baseUrl: string,
  user: BenchUser,
  owned: ReadonlySet<string>,
  armed: ReadonlySet<string>,
  foreign: { count: number },
): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const stream: Partial<OpenStream> = { user, arrivals: new Map() };
    const request = http.get(
      `${baseUrl}/api/v1/services/events`,
      { agent: false, headers: { authorization: `Bearer ${user.token}`, accept: "text/event-stream" } },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`stream for ${user.username}: status ${response.statusCode}`));
          return;
        }
        response.setEncoding("utf8");
        let buffer = "";
        let subscribed = false;
        response.on("data", (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!subscribed && block.includes(": connected")) {
              subscribed = true;
              resolve(stream as OpenStream);
            }
            if (!block.startsWith("event: service-state\n")) continue;
            const data = JSON.parse(block.slice(block.indexOf("data: ") + 6)) as { serviceId: string };
            if (!owned.has(data.serviceId)) foreign.count += 1;
            else if (armed.has(data.serviceId) && !stream.arrivals!.has(data.serviceId)) stream.arrivals!.set(data.serviceId, performance.now());
          }
        });
      },
    );
    request.on("error", (error) => reject(error));
    stream.request = request;
  });
}

async function statusOfOneMore(baseUrl: string, user: BenchUser): Promise<number> {
  const response = await fetch(`${baseUrl}/api/v1/services/events`, { headers: { authorization: `Bearer ${user.token}` } });
  await response.body?.cancel();
  return response.status;
}

async function seed(prisma: PrismaClient): Promise<{ users: BenchUser[]; serviceOf: Map<string, { id: string; ownerId: string }> }> {
  await seedDemoData(prisma);
  const users = await seedBenchUsers(prisma, { prefix: "watcher", users: USERS, servicesPerUser: 1, quota: QUOTA });
  const ids = users.map((u) => u.id);
  await prisma.service.updateMany({ where: { ownerId: { in: ids } }, data: { state: "Stopped", desiredState: "Stopped" } });
  const services = await prisma.service.findMany({ where: { ownerId: { in: ids } }, select: { id: true, ownerId: true } });
  return { users, serviceOf: new Map(services.map((s) => [s.ownerId, s])) };
}

interface FanoutRun {
  prisma: PrismaClient;
  users: BenchUser[];
  serviceOf: Map<string, { id: string; ownerId: string }>;
  streams: OpenStream[];
  /** Services whose change is under way: frames about them count as arrivals. */
  armed: Set<string>;
}

/**
 * One change per user (Stopped <-> Failed, as a worker's transition), all at once or `gapMs` apart;
 * then waits for every stream's frame about its owner's service.
 */
async function round(run: FanoutRun, name: string, to: "Failed" | "Stopped", gapMs: number): Promise<FanoutRound> {
  const { prisma, armed, streams, users, serviceOf } = run;
  armed.clear();
  for (const stream of streams) stream.arrivals.clear();
  const changedAt = new Map<string, number>();
  const committedAt = new Map<string, number>();
  const transition = (tx: Prisma.TransactionClient, user: BenchUser, n: number) =>
    transitionService(tx, {
      serviceId: serviceOf.get(user.id)!.id,
      ownerId: user.id,
      from: null,
      to,
      type: to,
      reason: `Bench: fan-out change ${n} (${name}).`,
    });
  // Each batch is one transaction: its notifications go out together when it commits.
  const commit = async (batch: BenchUser[], first: number) => {
    const started = performance.now();
    for (const user of batch) armed.add(serviceOf.get(user.id)!.id);
    await prisma.$transaction(async (tx) => {
      for (const [i, user] of batch.entries()) await transition(tx, user, first + i);
    }, { maxWait: 30_000, timeout: 30_000 });
    const committed = performance.now();
    for (const user of batch) {
      const id = serviceOf.get(user.id)!.id;
      changedAt.set(id, started);
      committedAt.set(id, committed);
    }
  };
  if (gapMs === 0) {
    await commit(users, 0);
  } else {
    const changes: Promise<void>[] = [];
    for (const [n, user] of users.entries()) {
      changes.push(commit([user], n));
      await sleep(gapMs);
    }
    await Promise.all(changes);
  }
  const expected = streams.length;
  const received = () => streams.filter((s) => s.arrivals.has(serviceOf.get(s.user.id)!.id)).length;
  const deadline = Date.now() + ROUND_TIMEOUT_MS;
  while (received() < expected && Date.now() < deadline) await sleep(20);
  const since = (from: Map<string, number>) =>
    streams
      .flatMap((s) => {
        const id = serviceOf.get(s.user.id)!.id;
        const at = s.arrivals.get(id);
        return at === undefined ? [] : [at - from.get(id)!];
      })
      .sort((a, b) => a - b);
  const samples = since(committedAt);
  const fromWrite = since(changedAt);
  return {
    name,
    changes: users.length,
    expectedFrames: expected,
    receivedFrames: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: samples.at(-1) ?? Number.NaN,
    fromWriteP50: percentile(fromWrite, 50),
    fromWriteP99: percentile(fromWrite, 99),
  };
}

export async function runEventFanout(options: { databaseUrl: string; log: (message: string) => void }): Promise<EventFanoutResult> {
  const { databaseUrl, log } = options;
  const prisma = createPrismaClient(databaseUrl, 20);
  let api: ApiProcess | null = null;
  const streams: OpenStream[] = [];
  try {
    const { users, serviceOf } = await seed(prisma);
    api = await startApiProcess({ databaseUrl, env: { SEED_DEMO_DATA: "false", RUNTIME_DRIVER: "process" } });
    const baseUrl = api.baseUrl;
    // A few answered requests first, so "before" is a warmed-up API, not a fresh process.
    for (const user of users.slice(0, 20)) await fetch(`${baseUrl}/api/v1/services`, { headers: { authorization: `Bearer ${user.token}` } }).then((r) => r.text());
    await sleep(SETTLE_MS);
    const beforeStreams = await rssMiB(api.pid);

    const foreign = { count: 0 };
    const armed = new Set<string>();
    const owners = users.flatMap((user) => Array.from({ length: STREAMS_PER_USER }, () => user));
    const openStarted = performance.now();
    for (let i = 0; i < owners.length; i += OPEN_IN_FLIGHT) {
      const batch = owners.slice(i, i + OPEN_IN_FLIGHT);
      streams.push(...(await Promise.all(batch.map((user) => openStream(baseUrl, user, new Set([serviceOf.get(user.id)!.id]), armed, foreign)))));
    }
    const openSeconds = (performance.now() - openStarted) / 1000;
    log(`${streams.length} event streams open (${openSeconds.toFixed(1)} s)`);
    const overCapStatus = await statusOfOneMore(baseUrl, users[0]!);
    await sleep(SETTLE_MS);
    const streamsOpen = await rssMiB(api.pid);

    const run: FanoutRun = { prisma, users, serviceOf, streams, armed };
    const rounds = [
      await round(run, "all users at once", "Failed", 0),
      await round(run, `one user every ${PACED_GAP_MS} ms`, "Stopped", PACED_GAP_MS),
    ];
    await sleep(SETTLE_MS);
    const afterChanges = await rssMiB(api.pid);
    return {
      users: USERS,
      streamsPerUser: STREAMS_PER_USER,
      openSeconds,
      overCapStatus,
      foreignFrames: foreign.count,
      rssMiB: { beforeStreams, streamsOpen, afterChanges },
      rounds,
    };
  } finally {
    for (const stream of streams) stream.request.destroy();
    await api?.stop();
    await prisma.$disconnect();
  }
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : "-");

function rows(result: EventFanoutResult, strong: (text: string) => string): string[][] {
  return result.rounds.map((r) => {
    const complete = r.receivedFrames === r.expectedFrames;
    const pass = complete && r.p99 < EVENT_FANOUT_TARGET_P99_MS;
    return [
      r.name,
      String(r.changes),
      `${r.receivedFrames} / ${r.expectedFrames}`,
      ms(r.p50),
      ms(r.p99),
      ms(r.max),
      `${ms(r.fromWriteP50)} / ${ms(r.fromWriteP99)}`,
      `< ${EVENT_FANOUT_TARGET_P99_MS}`,
      pass ? "pass" : strong("FAIL"),
    ];
  });
}

const HEADER = ["changes", "count", "frames received / expected", "p50 ms", "p99 ms", "max ms", "from write start p50 / p99 ms", "target p99 ms", "result"];

function memoryLine(result: EventFanoutResult): string {
  const { beforeStreams, streamsOpen, afterChanges } = result.rssMiB;
  const streams = result.users * result.streamsPerUser;
  const perStream = ((streamsOpen - beforeStreams) * 1024) / streams;
  return `API resident memory (VmRSS): ${beforeStreams.toFixed(0)} MiB before the streams, ${streamsOpen.toFixed(0)} MiB with ${streams} open (about ${perStream.toFixed(0)} KiB per stream), ${afterChanges.toFixed(0)} MiB after the changes.`;
}

export function eventFanoutText(result: EventFanoutResult): string {
  return [
    plainTable(HEADER, rows(result, (t) => t)),
    memoryLine(result),
    `Opened in ${result.openSeconds.toFixed(1)} s; one stream over the cap: HTTP ${result.overCapStatus}; frames about another user's service: ${result.foreignFrames}.`,
  ].join("\n");
}

export function eventFanoutMarkdown(result: EventFanoutResult): string {
  const streams = result.users * result.streamsPerUser;
  return `## Event fan-out

\`bench/event-fanout.ts\`: the product's \`server.ts\` runs as its own process (API and deploy worker,
process driver) on a database of its own with ${result.users} users, each with one Stopped service
and an API token. The bench opens ${result.streamsPerUser} \`GET /api/v1/services/events\` streams per user
(${streams} in all, one HTTP connection each, ${OPEN_IN_FLIGHT} opening at a time) and then makes one state
change per user as the worker makes one (\`transitionService\`: state, event and \`service_state\`
notification, Stopped -> Failed, then back): first all ${result.users} in one transaction, so their
notifications arrive together, then one transaction per user 10 ms apart. A change is timed from its
commit, when PostgreSQL sends the notification, to its first \`service-state\` frame on each of its
owner's streams (p50, p99, max); the next column times from the start of the bench's transaction
instead. The API coalesces a service's notifications for 200 ms before it reads the service, once
per service and change however many streams watch it, so 200 ms is the floor.

${mdTable(HEADER, rows(result, (t) => `**${t}**`))}

- ${memoryLine(result)}
- The ${streams} streams opened in ${result.openSeconds.toFixed(1)} s. One more stream for a user who already has ${result.streamsPerUser}: HTTP ${result.overCapStatus} (the per-user cap). Frames about another user's service: ${result.foreignFrames}.
- A stream whose client stops reading is closed once ${MAX_BUFFERED_BYTES / 1024} KiB wait unsent in the API (past the socket's own buffers), so memory is bounded by open streams x ${MAX_BUFFERED_BYTES / 1024} KiB whatever the clients do.
`;
}
