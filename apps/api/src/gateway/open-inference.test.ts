// The Open Inference Protocol v2 per service, end to end: real PostgreSQL, real model-server
// processes (testing/fixtures/minimal-oip-server.mjs: y = the sum of each row of x times the major
// version), one per version; the test plays the worker (Healthy instance rows, state Running) as
// gateway.test.ts does.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeployServiceRequest } from "@rts/contracts";
import { freePort } from "@rts/db";
import { createApiToken, createTestApp, demoCatalogue, deployBody, instanceOf, listenOnLoopback, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import { startModelServer, stopAllModelServers, type ModelServer } from "../testing/model-servers.ts";

const PROBLEM_JSON = "application/problem+json";
const MODEL = "oip-summer";

const minimalOipServer = path.resolve(fileURLToPath(import.meta.url), "../../testing/fixtures/minimal-oip-server.mjs");

const children: ChildProcess[] = [];

async function startOipServer(version: string): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [minimalOipServer], {
    env: { PATH: process.env.PATH, PORT: String(port), MODEL_NAME: MODEL, MODEL_VERSION: version },
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.push(child);
  await once(child.stdout!, "data");
  return port;
}

const TENSOR_REQUEST = { id: "call-1", inputs: [{ name: "x", shape: [2, 3], datatype: "FP32", data: [1, 2, 3, 4, 5, 6] }] };

let t: TestApp;
let alice: string;
let aliceToken: string;
let bobToken: string;
let cat: DemoCatalogue;
let oip: Record<"1.0.0" | "2.0.0", { versionId: string; port: number }>;
let jsonVersionId: string;
let classifier: ModelServer;

/** Versions 1.0.0 and 2.0.0 speak OIP; 0.9.0, an older package of the same application, the JSON contract. */
async function createOipApplication(): Promise<Record<"0.9.0" | "1.0.0" | "2.0.0", string>> {
  const application = await t.db.prisma.aiApplication.create({ data: { ownerId: cat.userId, name: MODEL } });
  const ids: Record<string, string> = {};
  for (const version of ["0.9.0", "1.0.0", "2.0.0"]) {
    const oipVersion = version !== "0.9.0";
    const row = await t.db.prisma.aiApplicationVersion.create({
      data: {
        applicationId: application.id,
        version,
        state: "Normal",
        source: oipVersion ? "model_file" : "model_package",
        runtime: oipVersion ? "onnx" : "custom",
        protocol: oipVersion ? "oip-v2" : "rts-json",
        healthPath: oipVersion ? "/v2/health/ready" : "/health",
        modelServer: {},
        exampleRequest: oipVersion ? TENSOR_REQUEST : { x: [1, 2, 3] },
      },
    });
    ids[version] = row.id;
  }
  return ids as Record<"0.9.0" | "1.0.0" | "2.0.0", string>;
}

function configuration(versionId: string, trafficRatio: number): DeployServiceRequest["configurations"][number] {
  return { versionId, trafficRatio, flavorId: "cpu.2u8g", computeNodes: 1, envVars: [] };
}

/** Deploys through the API, then plays the worker: Healthy instance rows on `ports` and state Running. */
async function deployRunning(
  configurations: DeployServiceRequest["configurations"],
  instances: Array<{ versionId: string; port: number }>,
  overrides: Partial<DeployServiceRequest> = {},
): Promise<string> {
  const res = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: deployBody(cat, { configurations, ...overrides }) });
  expect(res.statusCode, res.body).toBe(202);
  const serviceId = res.json().id as string;
  const rows = await t.db.prisma.versionConfiguration.findMany({ where: { serviceId } });
  for (const [ordinal, instance] of instances.entries()) {
    const row = rows.find((c) => c.versionId === instance.versionId)!;
    await t.db.prisma.instance.create({ data: { serviceId, ...instanceOf(row), poolId: cat.pools.public!, ordinal, state: "Healthy", port: instance.port } });
  }
  await t.db.prisma.service.update({ where: { id: serviceId }, data: { state: "Running" } });
  return serviceId;
}

function oipService(ratios: [number, number] = [100, 0], overrides: Partial<DeployServiceRequest> = {}) {
  return deployRunning(
    [configuration(oip["1.0.0"].versionId, ratios[0]), configuration(oip["2.0.0"].versionId, ratios[1])],
    [oip["1.0.0"], oip["2.0.0"]],
    overrides,
  );
}

function call(method: "GET" | "POST", url: string, token: string | null = aliceToken, payload?: object) {
  return t.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload } : {}) });
}

const infer = (serviceId: string, suffix = "", token: string | null = aliceToken) =>
  call("POST", `/v1/infers/${serviceId}/v2/models/${MODEL}${suffix}/infer`, token, TENSOR_REQUEST);

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  const bob = await login(t.app, "bob");
  cat = await demoCatalogue(t.db, "alice");
  const ids = await createOipApplication();
  const [p1, p2] = await Promise.all([startOipServer("1.0.0"), startOipServer("2.0.0")]);
  oip = { "1.0.0": { versionId: ids["1.0.0"], port: p1 }, "2.0.0": { versionId: ids["2.0.0"], port: p2 } };
  jsonVersionId = ids["0.9.0"];
  [aliceToken, bobToken, classifier] = await Promise.all([
    createApiToken(t.app, alice).then((r) => r.token),
    createApiToken(t.app, bob).then((r) => r.token),
    startModelServer("text-classifier", "1.0.0"),
  ]);
  await listenOnLoopback(t.app);
}, 60_000);

afterAll(async () => {
  await stopAllModelServers();
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }),
  );
  await t?.close();
});

describe("Open Inference Protocol v2 through the gateway", () => {
  it("infers at /v1/infers/{id}/v2/models/{model}/infer: the instance answers the same /v2 path with typed tensors", async () => {
    const id = await oipService();
    const res = await infer(id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["x-model-version"]).toBe("1.0.0");
    expect(res.json()).toEqual({
      model_name: MODEL,
      model_version: "1.0.0",
      id: "call-1",
      parameters: { path: `/v2/models/${MODEL}/infer` },
      outputs: [{ name: "y", datatype: "FP32", shape: [2, 1], data: [6, 15] }],
    });
  });

  it("serves server and model metadata from an instance, per model and per version", async () => {
    const id = await oipService([50, 50]);
    const server = await call("GET", `/v1/infers/${id}/v2`);
    expect(server.statusCode, server.body).toBe(200);
    expect(server.json()).toMatchObject({ name: "mini-oip", extensions: [] });
    const model = await call("GET", `/v1/infers/${id}/v2/models/${MODEL}`);
    expect(model.statusCode, model.body).toBe(200);
    expect(model.json()).toMatchObject({ name: MODEL, inputs: [{ name: "x", datatype: "FP32", shape: [-1, 3] }] });
    const pinned = await call("GET", `/v1/infers/${id}/v2/models/${MODEL}/versions/2.0.0`);
    expect(pinned.statusCode, pinned.body).toBe(200);
    expect(pinned.json()).toMatchObject({ name: MODEL, versions: ["2.0.0"] });
  });

  it("R5 splits 1,000 OIP calls 70/30 within 5 points by the versions' traffic ratios", async () => {
    const id = await oipService([70, 30]);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) {
      const res = await infer(id);
      expect(res.statusCode).toBe(200);
      const version = res.headers["x-model-version"] as string;
      counts[version] = (counts[version] ?? 0) + 1;
    }
    expect(Math.abs((counts["1.0.0"] ?? 0) / 10 - 70)).toBeLessThanOrEqual(5);
    expect((counts["1.0.0"] ?? 0) + (counts["2.0.0"] ?? 0)).toBe(1000);
  });

  it("R5 a version-pinned call goes to that version only, even at 0% of the split; an unknown version is 404", async () => {
    const id = await oipService([100, 0]);
    for (let i = 0; i < 5; i++) {
      const res = await infer(id, "/versions/2.0.0");
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ model_version: "2.0.0", parameters: { path: `/v2/models/${MODEL}/versions/2.0.0/infer` }, outputs: [{ data: [12, 30] }] });
    }
    const unknown = await infer(id, "/versions/9.9.9");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(unknown.json().detail).toBe(`This service has no version "9.9.9" of model "${MODEL}"; it serves 1.0.0 and 2.0.0.`);
    // OIP clients read an error's text from "error".
    expect(unknown.json().error).toBe(unknown.json().detail);
    const otherModel = await call("POST", `/v1/infers/${id}/v2/models/text-classifier/infer`, aliceToken, TENSOR_REQUEST);
    expect(otherModel.statusCode).toBe(404);
    expect(otherModel.json().detail).toContain(`serves no model "text-classifier"; it serves "${MODEL}"`);
  });

  it("answers 404 naming the JSON contract when the version does not speak OIP; an all-OIP service still answers POST /v1/infers/{id}", async () => {
    const json = await deployRunning([configuration(cat.versions["text-classifier@1.0.0"]!, 100)], [
      { versionId: cat.versions["text-classifier@1.0.0"]!, port: classifier.port },
    ]);
    for (const res of [
      await call("POST", `/v1/infers/${json}/v2/models/text-classifier/infer`, aliceToken, TENSOR_REQUEST),
      await call("GET", `/v1/infers/${json}/v2/health/ready`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers["content-type"]).toContain(PROBLEM_JSON);
      expect(res.json().detail).toBe(
        `This service's version 1.0.0 answers the platform's JSON contract: POST /v1/infers/${json} with a JSON body. The Open Inference Protocol routes (/v2/...) reach only versions that speak it.`,
      );
    }
    // One application, an older version on the JSON contract: OIP calls go to the OIP version only.
    const mixed = await deployRunning(
      [configuration(oip["1.0.0"].versionId, 50), configuration(jsonVersionId, 50)],
      [oip["1.0.0"], { versionId: jsonVersionId, port: classifier.port }],
    );
    const pinnedJson = await infer(mixed, "/versions/0.9.0");
    expect(pinnedJson.statusCode).toBe(404);
    expect(pinnedJson.json().detail).toContain("version 0.9.0 answers the platform's JSON contract");
    for (let i = 0; i < 10; i++) expect((await infer(mixed)).json()).toMatchObject({ model_version: "1.0.0" });

    const allOip = await oipService();
    const platform = await call("POST", `/v1/infers/${allOip}`, aliceToken, { x: [1, 2, 3] });
    expect(platform.statusCode, platform.body).toBe(200);
    expect(platform.json()).toEqual({ version: "1.0.0", prediction: 6 });
  });

  it("answers health live and ready from the routing table without calling an instance", async () => {
    const deadPort = await freePort();
    const id = await deployRunning([configuration(oip["1.0.0"].versionId, 100)], [{ versionId: oip["1.0.0"].versionId, port: deadPort }]);
    expect((await call("GET", `/v1/infers/${id}/v2/health/live`)).json()).toEqual({ live: true });
    const ready = await call("GET", `/v1/infers/${id}/v2/health/ready`);
    expect(ready.statusCode, ready.body).toBe(200);
    expect(ready.json()).toEqual({ ready: true });
    expect((await call("GET", `/v1/infers/${id}/v2/models/${MODEL}/ready`)).json()).toEqual({ name: MODEL, ready: true });
    expect((await call("GET", `/v1/infers/${id}/v2/models/${MODEL}/versions/1.0.0/ready`)).json()).toEqual({ name: MODEL, version: "1.0.0", ready: true });

    await t.db.prisma.instance.updateMany({ where: { serviceId: id }, data: { state: "Unhealthy" } });
    t.app.gateway.tables.invalidate(id);
    const notReady = await call("GET", `/v1/infers/${id}/v2/health/ready`);
    expect(notReady.statusCode).toBe(503);
    expect(notReady.headers["retry-after"]).toBe("5");
    expect(notReady.json().detail).toBe("The service is not ready: no instance of version 1.0.0 is healthy right now; retry shortly.");
    expect((await call("GET", `/v1/infers/${id}/v2/health/live`)).statusCode).toBe(200);

    await t.db.prisma.service.update({ where: { id }, data: { state: "Stopped" } });
    t.app.gateway.tables.invalidate(id);
    for (const path of ["health/live", "health/ready"]) {
      const stopped = await call("GET", `/v1/infers/${id}/v2/${path}`);
      expect(stopped.statusCode).toBe(503);
      expect(stopped.json().detail).toContain("Service is Stopped");
    }
    const refused = await infer(id);
    expect(refused.statusCode).toBe(503);
    expect(refused.json().detail).toBe(`Service is Stopped. Start it with POST /api/v1/services/${id}/start, then call it again once it is Running.`);
  });

  it("fails over to another instance when the one picked refuses the connection", async () => {
    const deadPort = await freePort();
    const id = await deployRunning([configuration(oip["2.0.0"].versionId, 100)], [
      { versionId: oip["2.0.0"].versionId, port: deadPort },
      { versionId: oip["2.0.0"].versionId, port: oip["2.0.0"].port },
    ]);
    for (let i = 0; i < 4; i++) {
      const res = await infer(id);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ model_version: "2.0.0" });
    }
  });

  it("R11 records a data-collection sample of an OIP call, and metrics per answering version", async () => {
    const id = await oipService([50, 50], { dataCollection: { enabled: true, samplingPercent: 100, retentionDays: 7 } });
    const pinned = await infer(id, "/versions/2.0.0");
    expect(pinned.statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await infer(id, "/versions/1.0.0")).statusCode).toBe(200);
    await t.app.gateway.flush();
    const samples = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/samples`, headers: { cookie: alice } });
    expect(samples.statusCode, samples.body).toBe(200);
    const items = samples.json().items as Array<{ version: string; statusCode: number; request: unknown; response: { outputs: unknown } }>;
    expect(items).toHaveLength(4);
    const sample = items.find((s) => s.version === "2.0.0")!;
    expect(sample).toMatchObject({ statusCode: 200, request: TENSOR_REQUEST });
    expect(sample.response.outputs).toEqual([{ name: "y", datatype: "FP32", shape: [2, 1], data: [12, 30] }]);

    const metrics = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/metrics`, headers: { cookie: alice } });
    const byVersion = Object.fromEntries((metrics.json().versions as Array<{ version: string; totals: { calls: number } }>).map((v) => [v.version, v.totals.calls]));
    expect(byVersion).toEqual({ "1.0.0": 3, "2.0.0": 1 });
  });

  it("S18 one traffic limit per service covers its OIP routes and POST /v1/infers/{id} together", async () => {
    const id = await oipService([100, 0], { trafficLimit: { requestsPerSecond: 2 } });
    const answers = await Promise.all([infer(id), call("POST", `/v1/infers/${id}`, aliceToken, { x: [1] }), infer(id, "/versions/2.0.0")]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 429]);
    const limited = answers.find((a) => a.statusCode === 429)!;
    expect(limited.json().detail).toMatch(/allows 2 calls per second/);
  });

  it("S62 another user's service reads as 404 on every OIP route, and no token reads 401", async () => {
    const id = await oipService();
    const routes: Array<["GET" | "POST", string]> = [
      ["GET", `/v1/infers/${id}/v2`],
      ["GET", `/v1/infers/${id}/v2/health/live`],
      ["GET", `/v1/infers/${id}/v2/health/ready`],
      ["GET", `/v1/infers/${id}/v2/models/${MODEL}`],
      ["GET", `/v1/infers/${id}/v2/models/${MODEL}/ready`],
      ["GET", `/v1/infers/${id}/v2/models/${MODEL}/versions/1.0.0`],
      ["GET", `/v1/infers/${id}/v2/models/${MODEL}/versions/1.0.0/ready`],
      ["POST", `/v1/infers/${id}/v2/models/${MODEL}/infer`],
      ["POST", `/v1/infers/${id}/v2/models/${MODEL}/versions/1.0.0/infer`],
    ];
    for (const [method, url] of routes) {
      const stranger = await call(method, url, bobToken, method === "POST" ? TENSOR_REQUEST : undefined);
      expect(stranger.statusCode, `${method} ${url}`).toBe(404);
      expect(stranger.json()).toMatchObject({ detail: "Service not found.", error: "Service not found." });
      const anonymous = await call(method, url, null, method === "POST" ? TENSOR_REQUEST : undefined);
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
      expect((await call(method, url, aliceToken, method === "POST" ? TENSOR_REQUEST : undefined)).statusCode, `${method} ${url}`).toBe(200);
    }
  });

  it("S63 a token cannot reach /v2 paths of a service it does not own by encoding or traversal", async () => {
    const id = await oipService();
    for (const url of [
      `/v1/infers/${id}/v2/models/${MODEL}%2F..%2F..%2Fpredict/infer`,
      `/v1/infers/${id}/v2/models/..%2F..%2Fv2/infer`,
      `/v1/infers/${id.toUpperCase()}/v2/models/${MODEL}/infer`,
    ]) {
      const res = await call("POST", url, bobToken, TENSOR_REQUEST);
      expect(res.statusCode, url).toBe(404);
    }
    const own = await call("POST", `/v1/infers/${id}/v2/models/..%2F..%2Fpredict/infer`, aliceToken, TENSOR_REQUEST);
    expect(own.statusCode).toBe(404);
    expect(own.json().detail).toContain('serves no model "../../predict"');
  });

  it("documents the OIP routes in OpenAPI", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/docs/json" })).json();
    for (const path of [
      "/v1/infers/{serviceId}/v2",
      "/v1/infers/{serviceId}/v2/health/live",
      "/v1/infers/{serviceId}/v2/health/ready",
      "/v1/infers/{serviceId}/v2/models/{model}",
      "/v1/infers/{serviceId}/v2/models/{model}/ready",
      "/v1/infers/{serviceId}/v2/models/{model}/infer",
      "/v1/infers/{serviceId}/v2/models/{model}/versions/{version}",
      "/v1/infers/{serviceId}/v2/models/{model}/versions/{version}/ready",
      "/v1/infers/{serviceId}/v2/models/{model}/versions/{version}/infer",
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths["/v1/infers/{serviceId}/v2/models/{model}/infer"].post.summary).toMatch(/OIP inference/);
  });
});
