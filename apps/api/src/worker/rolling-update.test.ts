// R16 against real model servers, the real worker and the real gateway, under continuous load:
// every call is counted, and a change must not fail one. The rate is measured by the test itself.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeployServiceRequest } from "@rts/contracts";
import { steadyLoad, type LoadCall } from "../testing/steady-load.ts";
import { createApiToken, createTestApp, demoCatalogue, deployBody, listenOnLoopback, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import { startTestWorker } from "../testing/test-worker.ts";
import { waitFor } from "../testing/wait-for.ts";
import type { DeployWorker } from "./deploy-worker.ts";

let t: TestApp;
let cookie: string;
let token: string;
let baseUrl: string;
let catalogue: DemoCatalogue;
let worker: DeployWorker;

beforeAll(async () => {
  t = await createTestApp();
  cookie = await login(t.app, "alice");
  token = (await createApiToken(t.app, cookie)).token;
  catalogue = await demoCatalogue(t.db, "alice");
  baseUrl = await listenOnLoopback(t.app);
  worker = await startTestWorker(t, { meteringIntervalMs: 60_000, drainMs: 1_000 });
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

function config(version: string, overrides: Partial<DeployServiceRequest["configurations"][number]> = {}) {
  return { versionId: catalogue.versions[version]!, trafficRatio: 100, flavorId: "cpu.1u2g", computeNodes: 1, envVars: [], ...overrides };
}

async function detail(id: string) {
  return (await t.app.inject({ method: "GET", url: `/api/v1/services/${id}`, headers: { cookie } })).json();
}

const waitForState = (id: string, state: string) =>
  waitFor(`state ${state}`, async () => {
    const d = await detail(id);
    return d.state === state ? d : undefined;
  }, 60_000);

async function deployRunning(name: string, configurations: DeployServiceRequest["configurations"]) {
  const response = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie }, payload: deployBody(catalogue, { name, configurations }) });
  expect(response.statusCode, response.body).toBe(202);
  const id = response.json().id as string;
  await waitForState(id, "Running");
  return id;
}

async function modify(id: string, body: unknown) {
  const { revision } = await detail(id);
  const response = await t.app.inject({ method: "PATCH", url: `/api/v1/services/${id}`, headers: { cookie, "if-match": `"${revision}"` }, payload: body as object });
  expect(response.statusCode, response.body).toBe(202);
  return response.json();
}

function load(id: string) {
  return steadyLoad({ url: `${baseUrl}/v1/infers/${id}`, token, body: { text: "my invoice was charged twice" }, ratePerSecond: 25, maxInFlight: 50, maxMs: 90_000 });
}

function failed(calls: LoadCall[]): LoadCall[] {
  return calls.filter((c) => c.status !== 200);
}

describe("R16 changes under continuous load", () => {
  it("R16 a ratio change 80/20 -> 0/100 fails no call, and a second after it every call goes to the new version", async () => {
    const id = await deployRunning("roll-ratio", [config("text-classifier@1.0.0", { trafficRatio: 80 }), config("text-classifier@2.0.0", { trafficRatio: 20 })]);
    const pids = (await t.db.prisma.instance.findMany({ where: { serviceId: id } })).map((i) => i.pid).sort();
    const traffic = load(id);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const changedAt = Date.now();
    const after = await modify(id, { configurations: [config("text-classifier@1.0.0", { trafficRatio: 0 }), config("text-classifier@2.0.0", { trafficRatio: 100 })] });
    expect(after.state).toBe("Running");
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const { calls: results, ratePerSecond } = await traffic.stop();
    expect(ratePerSecond).toBeGreaterThanOrEqual(20);
    expect(failed(results)).toEqual([]);
    expect(results.filter((r) => r.startedAt < changedAt).some((r) => r.version === "1.0.0")).toBe(true);
    const late = results.filter((r) => r.startedAt > changedAt + 1_000);
    expect(late.length).toBeGreaterThan(20);
    expect(late.filter((r) => r.version !== "2.0.0")).toEqual([]);
    // Nothing restarted: the same processes serve.
    expect((await t.db.prisma.instance.findMany({ where: { serviceId: id } })).map((i) => i.pid).sort()).toEqual(pids);
  });

  it("R16 a version change rolls out with no failed call: the new instances serve only once healthy, the old ones drain and stop", async () => {
    const id = await deployRunning("roll-version", [config("text-classifier@1.0.0")]);
    const traffic = load(id);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const updating = await modify(id, { configurations: [config("text-classifier@2.0.0")] });
    expect(updating.state).toBe("Updating");
    const running = await waitForState(id, "Running");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const { calls: results, ratePerSecond } = await traffic.stop();
    expect(ratePerSecond).toBeGreaterThanOrEqual(20);
    expect(failed(results)).toEqual([]);
    expect(results.at(-1)?.version).toBe("2.0.0");
    expect(running.instances.map((i: { version: string; serving: boolean }) => [i.version, i.serving])).toEqual([["2.0.0", true]]);
    const types = running.events.map((e: { type: string }) => e.type);
    expect(types.slice(0, 3)).toEqual(["UpdateCompleted", "UpdateTrafficMoved", "UpdateStarted"]);
    const revision = await t.db.prisma.serviceRevision.findFirstOrThrow({ where: { serviceId: id, number: 2 } });
    expect(revision.outcome).toBe("Applied");
  });

  it("R16 replacing a version on OIP v2 fails no OIP call: the replaced instances are still checked on their own health path while they serve", async () => {
    // The minimal OIP server has no /health: checked there, a replaced instance would turn
    // Unhealthy and leave the routing table while its successor is still loading.
    const entry = path.resolve(fileURLToPath(import.meta.url), "../../testing/fixtures/minimal-oip-server.mjs");
    const application = await t.db.prisma.aiApplication.create({
      data: {
        ownerId: catalogue.userId,
        name: "oip-rolling",
        versions: {
          create: ["1.0.0", "2.0.0"].map((version) => ({
            version,
            state: "Normal" as const,
            source: "model_package" as const,
            protocol: "oip-v2",
            healthPath: "/v2/health/ready",
            modelServer: { entry },
          })),
        },
      },
      include: { versions: true },
    });
    const oipConfig = (version: string, envVars: Array<{ key: string; value: string }> = []) => ({
      versionId: application.versions.find((v) => v.version === version)!.id,
      trafficRatio: 100,
      flavorId: "cpu.1u2g",
      computeNodes: 1,
      envVars,
    });
    const id = await deployRunning("roll-oip", [oipConfig("1.0.0")]);
    const traffic = steadyLoad({
      url: `${baseUrl}/v1/infers/${id}/v2/models/oip-rolling/infer`,
      token,
      body: { inputs: [{ name: "x", shape: [1, 3], datatype: "FP32", data: [1, 2, 3] }] },
      ratePerSecond: 25,
      maxInFlight: 50,
      maxMs: 90_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const updating = await modify(id, { configurations: [oipConfig("2.0.0", [{ key: "OIP_READY_AFTER_MS", value: "2500" }])] });
    expect(updating.state).toBe("Updating");
    await waitForState(id, "Running");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const { calls: results } = await traffic.stop();
    expect(failed(results)).toEqual([]);
    expect(results.at(-1)?.version).toBe("2.0.0");
  });

  it("R16 a modify whose new instances never become healthy rolls back by itself, fails no call, and says which instance and why", async () => {
    const id = await deployRunning("roll-back", [config("text-classifier@1.0.0")]);
    const before = await detail(id);
    const traffic = load(id);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await modify(id, { configurations: [config("text-classifier@2.0.0", { envVars: [{ key: "SAMPLE_EXIT_AFTER_MS", value: "30" }] })] });
    const back = await waitFor("the rollback", async () => {
      const d = await detail(id);
      return d.state === "Running" && d.events[0].type === "UpdateRolledBack" ? d : undefined;
    }, 60_000);
    const { calls: results, ratePerSecond } = await traffic.stop();
    expect(ratePerSecond).toBeGreaterThanOrEqual(20);
    expect(failed(results)).toEqual([]);
    expect(results.every((r) => r.version === "1.0.0")).toBe(true);
    expect(back.events[0].reason).toMatch(/Instance 1 of text-classifier 2\.0\.0 in .* exited 3 times without becoming healthy/);
    expect(back.revision).toBe(3);
    expect(back.configurations.map((c: { version: string }) => c.version)).toEqual(["1.0.0"]);
    expect(back.instances.map((i: { id: string }) => i.id)).toEqual(before.instances.map((i: { id: string }) => i.id));
    const revisions = (await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/revisions`, headers: { cookie } })).json().items;
    expect(revisions.map((r: { number: number; origin: string; outcome: string }) => [r.number, r.origin, r.outcome])).toEqual([
      [3, "rollback", "Applied"],
      [2, "modify", "RolledBack"],
      [1, "deploy", "Applied"],
    ]);
  });

  it("R16 scale 1 -> 3 -> 1 starts and stops instances without a failed call", async () => {
    const id = await deployRunning("roll-scale", [config("text-classifier@1.0.0")]);
    const traffic = load(id);
    await modify(id, { configurations: [config("text-classifier@1.0.0", { computeNodes: 3 })] });
    const up = await waitForState(id, "Running");
    expect(up.instances.filter((i: { state: string; serving: boolean }) => i.state === "Healthy" && i.serving)).toHaveLength(3);
    await modify(id, { configurations: [config("text-classifier@1.0.0", { computeNodes: 1 })] });
    const down = await waitFor("one instance", async () => {
      const d = await detail(id);
      return d.state === "Running" && d.instances.length === 1 ? d : undefined;
    }, 30_000);
    const { calls: results } = await traffic.stop();
    expect(failed(results)).toEqual([]);
    expect(down.instances[0].serving).toBe(true);
  });

  it("R16 cancelling an update brings the previous revision back at once, with no failed call", async () => {
    const id = await deployRunning("roll-cancel", [config("text-classifier@1.0.0")]);
    const traffic = load(id);
    await modify(id, { configurations: [config("text-classifier@2.0.0", { envVars: [{ key: "SAMPLE_NEVER_HEALTHY", value: "1" }] })] });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const cancel = await t.app.inject({ method: "POST", url: `/api/v1/services/${id}/cancel`, headers: { cookie }, payload: {} });
    expect(cancel.statusCode, cancel.body).toBe(202);
    const back = await waitFor("the cancelled update rolled back", async () => {
      const d = await detail(id);
      return d.state === "Running" && d.events[0].type === "UpdateRolledBack" ? d : undefined;
    }, 30_000);
    const { calls: results } = await traffic.stop();
    expect(failed(results)).toEqual([]);
    expect(back.events[0].reason).toContain("the update was cancelled by the operator");
    expect(back.instances.map((i: { version: string }) => i.version)).toEqual(["1.0.0"]);
  });
});
