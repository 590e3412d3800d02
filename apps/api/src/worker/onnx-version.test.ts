// Bringing an ONNX model: the .onnx file alone (served by the built-in runtime) or a package with
// a manifest is built Building -> Normal with the model's own description, deployed, and called
// through the gateway; its numbers are checked against the same model run here with ONNX Runtime.
import { readFile } from "node:fs/promises";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "@rts/db";
import { createApiToken, createTestApp, demoCatalogue, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import { startTestWorker } from "../testing/test-worker.ts";
import { aiApplicationCalls, type AiApplicationCalls } from "../testing/ai-application-calls.ts";
import { tarGz } from "../modules/model-artifacts/test-archives.ts";
import type { DeployWorker } from "./deploy-worker.ts";

const SAMPLE = path.join(repoRoot, "sample-apps", "delivery-eta-onnx", "1.0.0");
const ROWS = [
  [4.2, 3, 1],
  [12.5, 1, 0],
];

let t: TestApp;
let cookie: string;
let token: string;
let catalogue: DemoCatalogue;
let worker: DeployWorker;
let calls: AiApplicationCalls;

beforeAll(async () => {
  t = await createTestApp();
  cookie = await login(t.app, "alice");
  calls = aiApplicationCalls(t, cookie);
  catalogue = await demoCatalogue(t.db, "alice");
  token = (await createApiToken(t.app, cookie, "onnx")).token;
  worker = await startTestWorker(t, { versionBuilds: { dataDir: t.dataDir, artifacts: t.artifactStore, sweepIntervalMs: 500, readyWithinMs: 30_000 } });
});
afterAll(async () => {
  await worker.stop();
  await t.close();
});

const newApplication = () => calls.create("eta");
const upload = async (applicationId: string, file: Buffer, fileName: string) => (await calls.upload(applicationId, file, fileName)).id;
const built = (applicationId: string, versionId: string) => calls.built(applicationId, versionId, 60_000);

/** The model evaluated directly, as the reference the gateway's answers must match. */
async function expectedOutputs(rows: number[][]): Promise<number[]> {
  const session = await ort.InferenceSession.create(path.join(SAMPLE, "model.onnx"));
  try {
    const feeds = { [session.inputNames[0]!]: new ort.Tensor("float32", Float32Array.from(rows.flat()), [rows.length, rows[0]!.length]) };
    const results = await session.run(feeds);
    return Array.from(results[session.outputNames[0]!]!.data as Float32Array);
  } finally {
    await session.release();
  }
}

describe("an uploaded ONNX model", () => {
  it("R5 model.onnx alone: Building -> Normal with its inputs and outputs, deployed, answers the platform JSON contract and OIP v2 with ONNX Runtime's numbers", async () => {
    const applicationId = await newApplication();
    const versionId = await upload(applicationId, await readFile(path.join(SAMPLE, "model.onnx")), "eta.onnx");
    const version = await built(applicationId, versionId);
    expect(version.state, version.stateReason).toBe("Normal");
    expect(version).toMatchObject({ source: "model_file", runtime: "onnx", protocol: "oip-v2" });
    expect(version.modelMetadata.inputs).toEqual([expect.objectContaining({ name: "features", datatype: "FP32" })]);
    expect(version.exampleRequest.inputs[0]).toMatchObject({ name: "features", datatype: "FP32" });

    const serviceId = (await calls.deploy(catalogue, versionId)).id;

    const answer = await t.app.inject({ method: "POST", url: `/v1/infers/${serviceId}`, headers: { authorization: `Bearer ${token}` }, payload: { inputs: { features: ROWS } } });
    expect(answer.statusCode, answer.body).toBe(200);
    const outputs = Object.values(answer.json().outputs as Record<string, number[][]>)[0]!.flat();
    const expected = await expectedOutputs(ROWS);
    expect(outputs).toHaveLength(expected.length);
    outputs.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 4));

    // A standard OIP v2 client: the model's name is the application's, the tensors typed.
    const name = (await t.db.prisma.aiApplication.findUniqueOrThrow({ where: { id: applicationId } })).name;
    const oip = await t.app.inject({
      method: "POST",
      url: `/v1/infers/${serviceId}/v2/models/${name}/infer`,
      headers: { authorization: `Bearer ${token}` },
      payload: { inputs: [{ name: "features", shape: [ROWS.length, 3], datatype: "FP32", data: ROWS.flat() }] },
    });
    expect(oip.statusCode, oip.body).toBe(200);
    const [tensor] = oip.json().outputs as Array<{ datatype: string; shape: number[]; data: number[] }>;
    expect(tensor!.shape[0]).toBe(ROWS.length);
    expect(tensor!.data).toHaveLength(expected.length);
    tensor!.data.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 4));
  });

  it("an ONNX package with its manifest builds the same way, with the manifest's example request", async () => {
    const applicationId = await newApplication();
    const archive = await tarGz([
      { name: "rts-model.json", content: await readFile(path.join(SAMPLE, "rts-model.json")) },
      { name: "model.onnx", content: await readFile(path.join(SAMPLE, "model.onnx")) },
    ]);
    const versionId = await upload(applicationId, archive, "eta.tgz");
    const version = await built(applicationId, versionId);
    expect(version.state, version.stateReason).toBe("Normal");
    expect(version).toMatchObject({ source: "model_package", runtime: "onnx", exampleRequest: { inputs: [expect.objectContaining({ data: [4.2, 3, 1] })] } });
  });

  it("R15 a file that is not an ONNX model is Failed, saying so", async () => {
    const applicationId = await newApplication();
    const versionId = await upload(applicationId, Buffer.from("this is not protobuf"), "broken.onnx");
    const version = await built(applicationId, versionId);
    expect(version.state).toBe("Failed");
    expect(version.stateReason).toMatch(/^broken\.onnx is not a valid ONNX model: /);
  });
});
