// The live stream end to end: real HTTP, a real PostgreSQL, the deploy worker and a real sample
// model server that crash-loops (SAMPLE_EXIT_AFTER_MS), watched through GET /api/v1/services/events
// by its owner and by another user.
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { pino, type Logger } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_SERVICE_EVENT, type DeployServiceRequest, type ServiceDetail, type ServiceEvent, type ServiceInstance } from "@rts/contracts";
import { openEventStream, type EventStreamReader } from "../testing/event-stream.ts";
import { startTestWorker } from "../testing/test-worker.ts";
import { createTestApp, demoCatalogue, deployBody, listenOnLoopback, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import { waitFor } from "../testing/wait-for.ts";
import type { DeployWorker } from "../worker/deploy-worker.ts";
import { MAX_BUFFERED_BYTES, ServiceEventHub } from "./service-events.ts";

let t: TestApp;
let base: string;
let alice: string;
let bob: string;
let catalogue: DemoCatalogue;
let worker: DeployWorker;

beforeAll(async () => {
  t = await createTestApp();
  base = await listenOnLoopback(t.app);
  [alice, bob] = await Promise.all([login(t.app, "alice"), login(t.app, "bob")]);
  catalogue = await demoCatalogue(t.db, "alice");
  worker = await startTestWorker(t);
}, 60_000);
afterAll(async () => {
  await worker.stop();
  await t.close();
});

function configuration(version: string, envVars: Array<{ key: string; value: string }>, trafficRatio = 100): DeployServiceRequest["configurations"][number] {
  return { versionId: catalogue.versions[`text-classifier@${version}`]!, trafficRatio, flavorId: "cpu.2u8g", computeNodes: 1, envVars };
}

async function deploy(name: string, configurations: DeployServiceRequest["configurations"]): Promise<string> {
  const response = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: deployBody(catalogue, { name, configurations }) });
  expect(response.statusCode, response.body).toBe(202);
  return response.json().id as string;
}

async function detail(id: string): Promise<ServiceDetail> {
  return (await t.app.inject({ method: "GET", url: `/api/v1/services/${id}`, headers: { cookie: alice } })).json();
}

/** Healthy within a second, then exits with code 1 after 2.5 s, again and again. */
const crashLoop = [{ key: "SAMPLE_EXIT_AFTER_MS", value: "2500" }];

const last = <T>(frames: EventStreamReader["frames"]): T | undefined => frames.at(-1)?.data as T | undefined;

describe("live service events", () => {
  let aliceStream: EventStreamReader;
  let bobStream: EventStreamReader;
  let crashing: string;

  beforeAll(async () => {
    aliceStream = await openEventStream(base, { cookie: alice });
    // Bob asks for Alice's service by name in every way a client could; the stream takes no filter.
    bobStream = await openEventStream(base, { cookie: bob, "last-event-id": "0" });
    crashing = await deploy("live-crash-loop", [configuration("1.0.0", crashLoop)]);
  });
  afterAll(() => {
    aliceStream.close();
    bobStream.close();
  });

  it("R14 streams a crash-looping service's state, its instance's state and restarts, and each new event to its owner, agreeing with the API", async () => {
    await waitFor(
      "two restarts on the stream",
      async () => aliceStream.about(crashing, LIVE_SERVICE_EVENT.instances).some((f) => ((f.data.instances as ServiceInstance[])[0]?.restarts ?? 0) >= 2),
    );
    const states = aliceStream.about(crashing, LIVE_SERVICE_EVENT.state).map((f) => f.data.state);
    expect(states).toContain("Running");
    expect(states).toContain("Abnormal");
    expect(states.indexOf("Abnormal")).toBeGreaterThan(states.indexOf("Running"));
    const instanceStates = aliceStream.about(crashing, LIVE_SERVICE_EVENT.instances).map((f) => (f.data.instances as ServiceInstance[])[0]?.state);
    expect(instanceStates).toEqual(expect.arrayContaining(["Starting", "Healthy", "Exited"]));
    const abnormal = aliceStream
      .about(crashing, LIVE_SERVICE_EVENT.events)
      .flatMap((f) => f.data.events as ServiceEvent[])
      .find((e) => e.toState === "Abnormal");
    expect(abnormal?.reason).toMatch(/Instance 1 of text-classifier 1.0.0/);

    // Both keep moving: compare until the stream's latest word matches one answer of the API.
    await waitFor("the stream to agree with the API", async () => {
      const answer = await detail(crashing);
      const state = last<{ state: string; stateReason: string; revision: number }>(aliceStream.about(crashing, LIVE_SERVICE_EVENT.state));
      const instances = last<{ instances: ServiceInstance[] }>(aliceStream.about(crashing, LIVE_SERVICE_EVENT.instances))?.instances;
      const streamed = new Set(aliceStream.about(crashing, LIVE_SERVICE_EVENT.events).flatMap((f) => (f.data.events as ServiceEvent[]).map((e) => e.id)));
      return (
        state?.state === answer.state &&
        state.stateReason === answer.stateReason &&
        state.revision === answer.revision &&
        JSON.stringify(instances) === JSON.stringify(answer.instances) &&
        answer.events.every((e) => streamed.has(e.id))
      );
    });
  });

  it("S32 a user's event stream never carries another user's service, not even when a notification names the wrong owner", async () => {
    await waitFor("the crash loop to be under way", async () => aliceStream.about(crashing).length > 3);
    // As if a bug notified with Bob as the owner of Alice's service: the read is Bob's, so it finds nothing.
    await t.db.prisma.$executeRaw`SELECT pg_notify('service_state', ${JSON.stringify({ serviceId: crashing, ownerId: (await bobId()) })})`;
    const seen = aliceStream.about(crashing).length;
    await waitFor("two more changes of the service", async () => aliceStream.about(crashing).length >= seen + 2);
    expect(bobStream.frames.filter((f) => JSON.stringify(f).includes(crashing))).toEqual([]);
    expect(bobStream.frames.filter((f) => f.data.serviceId !== undefined && f.event !== LIVE_SERVICE_EVENT.state)).toEqual([]);
  });

  it("R9 while deploying the reason counts the healthy instances and names one that is not, and the details carry the deadline", async () => {
    const id = await deploy("live-progress", [
      configuration("1.0.0", [], 50),
      configuration("2.0.0", [{ key: "SAMPLE_NEVER_HEALTHY", value: "1" }], 50),
    ]);
    // The never-healthy instance first refuses connections, then answers 503 for good.
    const reason = "Starting: 1 of 2 instances healthy. Instance 1 of text-classifier 2.0.0 in Public resource pool: GET /health answered 503.";
    const progress = await waitFor("1 of 2 healthy", async () => aliceStream.about(id, LIVE_SERVICE_EVENT.state).find((f) => f.data.stateReason === reason)?.data);
    expect(progress).toMatchObject({ state: "Deploying" });
    const answer = await detail(id);
    expect(answer.stateReason).toBe(progress.stateReason);
    // R9: 20 minutes from the deploy; the events list no progress, only transitions.
    expect(Date.parse(answer.deadline!) - Date.parse(answer.createdAt)).toBeGreaterThan(19 * 60_000);
    expect(answer.events.map((e) => e.type)).toEqual(["DeployRequested"]);
    await t.app.inject({ method: "DELETE", url: `/api/v1/services/${id}`, headers: { cookie: alice } });
    await waitFor("the deleted frame", async () => aliceStream.about(id, LIVE_SERVICE_EVENT.state).some((f) => f.data.state === "Deleted"));
    expect((await detail(crashing)).deadline).toBeNull();
  });
});

describe("live service events without LISTEN", () => {
  it("R14 ends the open streams when the listening connection is lost (their consoles poll and read again), and takes new ones once it is back", async () => {
    const stream = await openEventStream(base, { cookie: alice });
    await t.db.prisma.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'rts-service-events' AND datname = current_database()`;
    await waitFor("the stream to end", async () => stream.ended);
    await waitFor("a new stream to be taken again", async () => {
      const response = await fetch(`${base}/api/v1/services/events`, { headers: { cookie: alice } });
      await response.body?.cancel();
      return response.status === 200;
    });
  });
});

describe("live service events, a client that stops reading", () => {
  it("S70 api-scale closes a stream whose client stopped reading once its unsent bytes pass the limit, while the owner's reading stream gets every frame", async () => {
    const ownerId = "00000000-0000-4000-8000-000000000070";
    // Frames of ~60 KB, one service per wave: the reading client keeps up, the stalled one's socket
    // buffers fill (a few MB on loopback), then the hub's own buffer passes the limit.
    const stateReason = "x".repeat(60 * 1024);
    const hub = new ServiceEventHub(undefined, pino({ level: "silent" }) as Logger, async (_owner, serviceId) => ({
      state: { serviceId, state: "Running", stateReason, desiredState: "Running", revision: 1, routing: [], autoStopAt: null, deadline: null, updatedAt: new Date().toISOString() },
      instances: [],
      events: [],
    }), { windowMs: 1 });
    const responses: http.ServerResponse[] = [];
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(": connected\n\n");
      responses.push(response);
      hub.subscribe(ownerId, response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const stalled = net.connect(port, "127.0.0.1");
    try {
      await new Promise<void>((resolve) => stalled.once("connect", resolve));
      stalled.write("GET /api/v1/services/events HTTP/1.1\r\nHost: localhost\r\n\r\n");
      stalled.pause();
      const reading = await openEventStream(`http://127.0.0.1:${port}`, {});
      await waitFor("both streams open", async () => hub.streamCount === 2);
      const stalledResponse = responses[0]!;
      const states = () => reading.frames.filter((f) => f.event === LIVE_SERVICE_EVENT.state).length;

      let waves = 0;
      while (hub.streamCount === 2 && waves < 500) {
        hub.dispatch({ serviceId: `00000000-0000-4000-8000-${String(waves).padStart(12, "0")}`, ownerId });
        waves += 1;
        await waitFor("the reading stream to get the frame", async () => states() === waves, 5_000, 2);
        expect(stalledResponse.writableLength).toBeLessThanOrEqual(MAX_BUFFERED_BYTES);
      }
      expect(hub.streamCount).toBe(1);
      expect(stalledResponse.destroyed).toBe(true);
      // The healthy stream still carries what comes next.
      hub.dispatch({ serviceId: "00000000-0000-4000-8000-999999999999", ownerId });
      await waitFor("the next frame", async () => states() === waves + 1, 5_000, 2);
      expect(reading.ended).toBe(false);
      reading.close();
    } finally {
      stalled.destroy();
      await hub.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

async function bobId(): Promise<string> {
  return (await t.db.prisma.user.findUniqueOrThrow({ where: { username: "bob" } })).id;
}
