// The usage guide's calls, run as a person would run them: each sample application is deployed
// by the real worker (process driver, real model servers), and the command the console shows is
// built by the shared function from the version's example request (the JSON contract's curl, or
// the OIP curl for a version on the Open Inference Protocol v2) and run by the real curl (or node,
// for WebSocket) against the gateway on loopback with a real API token.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  curlCommand,
  openInferenceCurlCommand,
  openInferenceInferUrl,
  webSocketScript,
  TOKEN_VARIABLE,
  type AiApplication,
  type ServiceConfiguration,
  type ServiceDetail,
} from "@rts/contracts";
import { SAMPLE_REQUESTS, repoRoot, type SampleName } from "@rts/db";
import { createApiToken, createTestApp, demoCatalogue, deployBody, listenOnLoopback, login, type TestApp } from "../testing/test-app.ts";
import { startTestWorker } from "../testing/test-worker.ts";
import { waitFor } from "../testing/wait-for.ts";
import type { DeployWorker } from "../worker/deploy-worker.ts";

const run = promisify(execFile);

let t: TestApp;
let cookie: string;
let token: string;
let baseUrl: string;
let worker: DeployWorker;
let applications: AiApplication[];

beforeAll(async () => {
  t = await createTestApp();
  baseUrl = await listenOnLoopback(t.app);
  cookie = await login(t.app, "alice");
  token = (await createApiToken(t.app, cookie, "documented-calls")).token;
  worker = await startTestWorker(t, { meteringIntervalMs: 60_000 });
  applications = (await t.app.inject({ method: "GET", url: "/api/v1/ai-applications", headers: { cookie } })).json().items;
});
afterAll(async () => {
  await worker.stop();
  await t.close();
});

/** The usage guide's curl for a version, by its protocol, as the console builds it. */
function usageGuideCurl(service: ServiceDetail, configuration: ServiceConfiguration): string {
  const url = `${baseUrl}/v1/infers/${service.id}`;
  return configuration.protocol === "oip-v2"
    ? openInferenceCurlCommand(url, configuration.applicationName, configuration.exampleRequest)
    : curlCommand(url, configuration.exampleRequest);
}

/** Deploys every Normal version of the application in one service, as the wizard would set WebSocket. */
async function deployRunning(name: string, serviceName = `documented-${name}`): Promise<ServiceDetail> {
  const application = applications.find((a) => a.name === name)!;
  const versions = application.versions.filter((v) => v.state === "Normal");
  const catalogue = await demoCatalogue(t.db, "alice");
  const configurations = versions.map((v, i) => ({
    versionId: v.id,
    trafficRatio: i === 0 ? 100 - Math.floor(100 / versions.length) * (versions.length - 1) : Math.floor(100 / versions.length),
    flavorId: "cpu.2u8g",
    computeNodes: 1,
    envVars: [],
  }));
  const websocket = versions.some((v) => v.websocketOnly);
  const deployed = await t.app.inject({
    method: "POST",
    url: "/api/v1/services",
    headers: { cookie },
    payload: deployBody(catalogue, { name: serviceName, websocket, configurations }),
  });
  expect(deployed.statusCode, deployed.body).toBe(202);
  return waitFor(`${name} Running`, async () => {
    const detail: ServiceDetail = (await t.app.inject({ method: "GET", url: `/api/v1/services/${deployed.json().id}`, headers: { cookie } })).json();
    return detail.state === "Running" ? detail : undefined;
  });
}

/** Runs a shell command as a person pasting it would, with their token in $TOKEN. */
function runAsPasted(program: string, args: string[]) {
  return run(program, args, { env: { PATH: process.env.PATH, [TOKEN_VARIABLE]: token }, timeout: 20_000 });
}

describe("documented calls", () => {
  it("serves each version's example request and input schema with the application and the service", async () => {
    for (const application of applications) {
      for (const version of application.versions) {
        const sample = SAMPLE_REQUESTS[application.name as SampleName];
        expect(version, `${application.name} ${version.version}`).toMatchObject({
          exampleRequest: sample.exampleRequest,
          inputSchema: sample.inputSchema,
          websocketOnly: sample.websocketOnly,
        });
      }
    }
  });

  const httpSamples = (Object.keys(SAMPLE_REQUESTS) as SampleName[]).filter((name) => !SAMPLE_REQUESTS[name].websocketOnly);
  it.each(httpSamples)("the usage guide's curl command for %s, run by the real curl with an API token, gets the model's answer", async (name) => {
    const service = await deployRunning(name);
    const configuration = service.configurations[0]!;
    expect(configuration.exampleRequest).toEqual(SAMPLE_REQUESTS[name].exampleRequest);
    const { stdout } = await runAsPasted("sh", ["-c", usageGuideCurl(service, configuration)]);
    const answer = JSON.parse(stdout);
    expect(service.versions.map((v) => v.version)).toContain(answer.version ?? answer.model_version);
    expect(answer).not.toHaveProperty("error");
  });

  it("R5 the ONNX sample over OIP v2: each version pinned by the usage guide's URL answers its own least-squares minutes, and its metadata comes from the model", async () => {
    const service = await deployRunning("delivery-eta-onnx", "documented-oip-versions");
    const base = `${baseUrl}/v1/infers/${service.id}`;
    const samplePath = path.join(repoRoot, "sample-apps/delivery-eta-onnx/delivery-model.mjs");
    const { deliveryCoefficients } = (await import(samplePath)) as { deliveryCoefficients(version: string): number[] };
    const [distanceKm, items, rushHour] = [4.2, 3, 1];
    const expected: Record<string, number> = {};
    for (const version of ["1.0.0", "2.0.0"]) {
      const [b, ...w] = deliveryCoefficients(version);
      const features = version === "1.0.0" ? [distanceKm, items, rushHour] : [distanceKm, items, rushHour, distanceKm * rushHour];
      expected[version] = features.reduce((sum, x, i) => sum + x * w[i]!, b!);
    }
    for (const version of ["1.0.0", "2.0.0"]) {
      const command = curlCommand(openInferenceInferUrl(base, "delivery-eta-onnx", version), SAMPLE_REQUESTS["delivery-eta-onnx"].exampleRequest);
      const answer = JSON.parse((await runAsPasted("sh", ["-c", command])).stdout);
      expect(answer).toMatchObject({ model_name: "delivery-eta-onnx", model_version: version, outputs: [{ name: "minutes", datatype: "FP32", shape: [1, 1] }] });
      expect(answer.outputs[0].data[0]).toBeCloseTo(expected[version]!, 3);
    }
    const headers = { authorization: `Bearer ${token}` };
    const metadata = await (await fetch(`${base}/v2/models/delivery-eta-onnx`, { headers })).json();
    expect(metadata).toMatchObject({ name: "delivery-eta-onnx", inputs: [{ name: "features", datatype: "FP32", shape: [-1, 3] }] });
    expect((await fetch(`${base}/v2/health/ready`, { headers })).status).toBe(200);
  });

  it("the usage guide's OIP curl for a version on the Open Inference Protocol v2, launched by the worker on its own health path, gets the output tensors", async () => {
    const entry = path.resolve(fileURLToPath(import.meta.url), "../../testing/fixtures/minimal-oip-server.mjs");
    const tensors = { inputs: [{ name: "x", shape: [1, 3], datatype: "FP32", data: [1, 2, 3] }] };
    await t.db.prisma.aiApplication.create({
      data: {
        ownerId: (await demoCatalogue(t.db, "alice")).userId,
        name: "oip-summer",
        versions: {
          create: {
            version: "2.0.0",
            state: "Normal",
            source: "model_package",
            protocol: "oip-v2",
            healthPath: "/v2/health/ready",
            modelServer: { entry },
            exampleRequest: tensors,
          },
        },
      },
    });
    applications = (await t.app.inject({ method: "GET", url: "/api/v1/ai-applications", headers: { cookie } })).json().items;
    const service = await deployRunning("oip-summer");
    const configuration = service.configurations[0]!;
    expect(configuration.protocol).toBe("oip-v2");
    const command = usageGuideCurl(service, configuration);
    expect(command).toContain(`/v1/infers/${service.id}/v2/models/oip-summer/infer`);
    const { stdout } = await runAsPasted("sh", ["-c", command]);
    expect(JSON.parse(stdout)).toMatchObject({
      model_name: "oip-summer",
      model_version: "2.0.0",
      outputs: [{ name: "y", datatype: "FP32", shape: [1, 1], data: [12] }],
    });
  });

  it("the usage guide's WebSocket script for sentiment-stream, run by node with an API token, streams the model's answer to the end", async () => {
    const service = await deployRunning("sentiment-stream");
    expect(service.websocket).toBe(true);
    const example = service.configurations[0]!.exampleRequest;
    const script = webSocketScript(`${baseUrl.replace("http:", "ws:")}/v1/infers/${service.id}`, example);
    const { stdout } = await runAsPasted(process.execPath, ["-e", script]);
    const messages = stdout.trim().split("\n").map((line) => JSON.parse(line));
    expect(messages.at(-1)).toMatchObject({ type: "done", version: "1.0.0", label: "negative" });
    expect(messages.filter((m) => m.type === "token").map((m) => m.word)).toEqual(["not", "good", "at", "all"]);
  });

  it("names the HTTP sample applications' example requests in the gateway call's OpenAPI document", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/docs/json" })).json();
    const media = doc.paths["/v1/infers/{serviceId}"].post.requestBody.content["application/json"];
    expect(media.examples).toEqual({
      "text-classifier": { summary: "Sample application text-classifier", value: SAMPLE_REQUESTS["text-classifier"].exampleRequest },
      "number-regressor": { summary: "Sample application number-regressor", value: SAMPLE_REQUESTS["number-regressor"].exampleRequest },
    });
  });
});
