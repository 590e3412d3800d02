// Cancelling a deploy in progress (DESIGN "Service states": a deploy in progress can be cancelled,
// -> Stopped) through the HTTP API, with a real worker and real model-server processes that are
// slow to become healthy, so the service is still Deploying when the cancel arrives.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transitionRefusal } from "@rts/contracts";
import { createApiToken, createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../../../../testing/test-app.ts";
import { waitFor } from "../../../../testing/wait-for.ts";
import { startTestWorker } from "../../../../testing/test-worker.ts";
import type { DeployWorker } from "../../../../worker/deploy-worker.ts";

const PROBLEM_JSON = "application/problem+json";

let t: TestApp;
let alice: string;
let bob: string;
let catalogue: DemoCatalogue;
let worker: DeployWorker;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  bob = await login(t.app, "bob");
  catalogue = await demoCatalogue(t.db, "alice");
  worker = await startTestWorker(t);
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

/** A model server that never turns healthy keeps its service Deploying until the timeout. */
function neverHealthy(computeNodes = 1) {
  return [{ ...deployBody(catalogue).configurations[0]!, computeNodes, envVars: [{ key: "SAMPLE_NEVER_HEALTHY", value: "1" }] }];
}

async function deploy(overrides: Parameters<typeof deployBody>[1]): Promise<string> {
  const response = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: deployBody(catalogue, overrides) });
  expect(response.statusCode, response.body).toBe(202);
  return response.json().id;
}

function cancel(id: string, cookie = alice) {
  return t.app.inject({ method: "POST", url: `/api/v1/services/${id}/cancel`, headers: { cookie } });
}

async function detail(id: string) {
  return (await t.app.inject({ method: "GET", url: `/api/v1/services/${id}`, headers: { cookie: alice } })).json();
}

const waitForState = (id: string, state: string) =>
  waitFor(`state ${state}`, async () => {
    const d = await detail(id);
    return d.state === state ? d : undefined;
  });

async function pidsOf(serviceId: string): Promise<number[]> {
  const rows = await t.db.prisma.instance.findMany({ where: { serviceId }, select: { pid: true } });
  return rows.flatMap((r) => (r.pid ? [r.pid] : []));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function vcpusUsed(): Promise<number> {
  return (await t.db.prisma.quota.findUniqueOrThrow({ where: { userId: catalogue.userId } })).vcpuUsed;
}

describe("cancel", () => {
  it("States: cancel during Deploying stops the deploy: Stopping, then Stopped with its instances gone, quota kept, the event says who", async () => {
    const quotaBefore = await vcpusUsed();
    const id = await deploy({ name: "cancel-deploying", configurations: neverHealthy(2), autoStop: { hours: 2 } });
    await waitFor("both model servers started", async () => (await pidsOf(id)).length === 2);
    const pids = await pidsOf(id);
    expect((await detail(id)).state).toBe("Deploying");

    const response = await cancel(id);
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({ id, state: "Stopping", autoStopAt: null });

    const stopped = await waitForState(id, "Stopped");
    expect(stopped.instances).toEqual([]);
    expect(await t.db.prisma.instance.count({ where: { serviceId: id } })).toBe(0);
    await waitFor("model servers gone", async () => pids.every((pid) => !alive(pid)));
    // R12: like a stop, a cancelled public-pool service keeps its quota until it is deleted.
    expect(await vcpusUsed()).toBe(quotaBefore + 4);

    const events = stopped.events as Array<{ type: string; fromState: string | null; toState: string; reason: string }>;
    const cancelled = events.find((e) => e.type === "DeployCancelled");
    expect(cancelled).toMatchObject({ fromState: "Deploying", toState: "Stopping" });
    expect(cancelled!.reason).toContain("cancelled by the operator");
    expect(events[0]).toMatchObject({ toState: "Stopped" });
    expect(events.some((e) => e.toState === "Failed" || e.toState === "Running")).toBe(false);

    // It starts again like any stopped service, and delete gives the quota back.
    const started = await t.app.inject({ method: "POST", url: `/api/v1/services/${id}/start`, headers: { cookie: alice } });
    expect(started.statusCode).toBe(202);
    expect([202, 204]).toContain((await t.app.inject({ method: "DELETE", url: `/api/v1/services/${id}`, headers: { cookie: alice } })).statusCode);
    await waitFor("service gone", async () => (await t.db.prisma.service.count({ where: { id } })) === 0);
    expect(await vcpusUsed()).toBe(quotaBefore);
  });

  it("States: cancel of a Running service answers 409 with the allowed states and changes nothing", async () => {
    const id = await deploy({ name: "cancel-running" });
    const running = await waitForState(id, "Running");

    const response = await cancel(id);
    expect(response.statusCode).toBe(409);
    expect(response.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(response.json()).toMatchObject({ status: 409, detail: transitionRefusal("cancel", "Running") });
    expect(response.json().detail).toBe("Cancel is allowed only from Deploying or Updating; this service is Running.");

    const after = await detail(id);
    expect(after.state).toBe("Running");
    expect(after.events).toEqual(running.events);
    expect(await pidsOf(id)).toHaveLength(1);
  });

  it("States: a second cancel, of the now Stopping or Stopped service, is refused", async () => {
    const id = await deploy({ name: "cancel-twice", configurations: neverHealthy() });
    expect((await cancel(id)).statusCode).toBe(202);
    const again = await cancel(id);
    expect(again.statusCode).toBe(409);
    expect(["Stopping", "Stopped"].map((s) => transitionRefusal("cancel", s as "Stopping" | "Stopped"))).toContain(again.json().detail);
    await waitForState(id, "Stopped");
    expect((await cancel(id)).json().detail).toBe(transitionRefusal("cancel", "Stopped"));
    expect((await detail(id)).events.filter((e: { type: string }) => e.type === "DeployCancelled")).toHaveLength(1);
  });

  it("S22 a signed-in cancel needs the console's Origin; an API token needs none", async () => {
    const id = await deploy({ name: "cancel-origin", configurations: neverHealthy() });
    for (const headers of [{ cookie: alice }, { cookie: alice, origin: "https://evil.example" }]) {
      const refused = await t.injectAsSent({ method: "POST", url: `/api/v1/services/${id}/cancel`, headers });
      expect(refused.statusCode).toBe(403);
      expect(refused.headers["content-type"]).toContain(PROBLEM_JSON);
    }
    expect((await detail(id)).state).toBe("Deploying");

    const { token } = await createApiToken(t.app, alice);
    const byProgram = await t.injectAsSent({ method: "POST", url: `/api/v1/services/${id}/cancel`, headers: { authorization: `Bearer ${token}` } });
    expect(byProgram.statusCode, byProgram.body).toBe(202);
    await waitForState(id, "Stopped");
  });

  it("States: cancel of another user's service or an unknown id is 404, a malformed id 422, and nothing changes", async () => {
    const id = await deploy({ name: "cancel-foreign", configurations: neverHealthy() });
    const foreign = await cancel(id, bob);
    expect(foreign.statusCode).toBe(404);
    expect((await cancel("00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    expect(foreign.json().detail).toBe((await cancel("00000000-0000-4000-8000-000000000000")).json().detail);
    const malformed = await cancel("not-a-uuid");
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().errors).toEqual([expect.objectContaining({ path: "serviceId" })]);
    expect((await detail(id)).state).toBe("Deploying");
    expect((await cancel(id)).statusCode).toBe(202);
  });
});
