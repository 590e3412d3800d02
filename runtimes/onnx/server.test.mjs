// @ts-check
// The built-in ONNX runtime as a real process: the model-server contract, the Open Inference
// Protocol v2 and the platform's JSON contract, with the numbers checked against ONNX Runtime
// called directly and against the least squares weights the sample was written from.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELIVERY_ETA_MODEL_METADATA } from "../../packages/db/src/seed.ts";
import { SAMPLE_REQUESTS } from "../../packages/db/src/sample-requests.ts";
import { deliveryCoefficients } from "../../sample-apps/delivery-eta-onnx/delivery-model.mjs";
import { loadDeliveries } from "../../sample-apps/number-regressor/model.mjs";
import { describeModel, exampleInferRequest } from "./describe-model.mjs";
import { REPO_ROOT, spawnRuntime, startRuntime, stopAllRuntimes } from "./testing/runtime-process.mjs";
import { CLASSIFIER_WEIGHTS, classifierModel, typedModel } from "./testing/test-models.mjs";

const APP = "delivery-eta-onnx";
/** @param {string} version */
const sampleModel = (version) => path.join(REPO_ROOT, "sample-apps", APP, version, "model.onnx");
/** @param {string} version */
const sampleArgs = (version) => ["--model", `sample-apps/${APP}/${version}/model.onnx`, "--model-name", APP, "--model-version", version];

const rows = loadDeliveries().slice(0, 8);
const features = rows.map((r) => [r.distanceKm, r.items, r.rushHour]);

const scratch = mkdtempSync(path.join(tmpdir(), "rts-onnx-runtime-"));
afterAll(() => {
  stopAllRuntimes();
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * @param {string} url
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
async function post(url, body, headers = { "content-type": "application/json" }) {
  const response = await fetch(url, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/**
 * The same model file evaluated by ONNX Runtime in this process.
 * @param {string} version
 */
async function directMinutes(version) {
  const session = await ort.InferenceSession.create(sampleModel(version));
  const result = await session.run({ features: new ort.Tensor("float32", Float32Array.from(features.flat()), [features.length, 3]) });
  await session.release();
  return Array.from(/** @type {Float32Array} */ (result.minutes.data));
}

/** @param {string} version */
function olsMinutes(version) {
  const [b0, b1, b2, b3, b4] = deliveryCoefficients(version);
  return features.map(([d, i, r]) => b0 + b1 * d + b2 * i + b3 * r + (b4 ?? 0) * d * r);
}

describe.each(["1.0.0", "2.0.0"])("delivery-eta-onnx %s served by the ONNX runtime", (version) => {
  /** @type {import("./testing/runtime-process.mjs").RuntimeProcess} */
  let runtime;
  beforeAll(async () => {
    runtime = await startRuntime(sampleArgs(version));
  });

  it("prints one listening line and answers /health with its version", async () => {
    expect(runtime.stdout()).toBe(`${APP} ${version} listening on 127.0.0.1:${runtime.port}\n`);
    const health = await fetch(`${runtime.url}/health`);
    expect(health.headers.get("x-model-version")).toBe(version);
    expect(await health.json()).toEqual({ status: "ok", version });
  });

  it("OIP: live, ready, server metadata and model metadata read from the model (-1 for the batch)", async () => {
    for (const p of ["/v2/health/live", "/v2/health/ready", `/v2/models/${APP}/ready`, `/v2/models/${APP}/versions/${version}/ready`]) {
      const response = await fetch(`${runtime.url}${p}`);
      expect(response.status, p).toBe(200);
      expect(await response.text(), p).toBe("");
    }
    expect(await (await fetch(`${runtime.url}/v2`)).json()).toEqual({ name: "rts-onnx-runtime", version: "1.30.0", extensions: [] });
    const expected = { name: APP, versions: [version], platform: "onnxruntime_onnx", ...DELIVERY_ETA_MODEL_METADATA };
    expect(await (await fetch(`${runtime.url}/v2/models/${APP}`)).json()).toEqual(expected);
    expect(await (await fetch(`${runtime.url}/v2/models/${APP}/versions/${version}`)).json()).toEqual(expected);
  });

  it("OIP infer: the minutes equal ONNX Runtime run directly and the least squares fit (float32), with id echoed", async () => {
    const answer = await post(`${runtime.url}/v2/models/${APP}/versions/${version}/infer`, {
      id: "batch-1",
      parameters: { ignored: true },
      inputs: [{ name: "features", shape: [features.length, 3], datatype: "FP32", data: features }],
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-model-version")).toBe(version);
    expect(answer.body).toMatchObject({ model_name: APP, model_version: version, id: "batch-1" });
    const [output] = answer.body.outputs;
    expect(output).toMatchObject({ name: "minutes", datatype: "FP32", shape: [features.length, 1] });
    expect(output.data).toEqual(await directMinutes(version));
    olsMinutes(version).forEach((minutes, i) => expect(output.data[i]).toBeCloseTo(minutes, 3));
  });

  it("OIP infer: flat data, the outputs filter and no id give the same numbers", async () => {
    const answer = await post(`${runtime.url}/v2/models/${APP}/infer`, {
      inputs: [{ name: "features", shape: [features.length, 3], datatype: "FP32", data: features.flat() }],
      outputs: [{ name: "minutes" }],
    });
    expect(answer.body).not.toHaveProperty("id");
    expect(answer.body.outputs[0].data).toEqual(await directMinutes(version));
  });

  it("answers the seeded example request and the one exampleInferRequest derives from the metadata", async () => {
    for (const body of [SAMPLE_REQUESTS[APP].exampleRequest, exampleInferRequest(DELIVERY_ETA_MODEL_METADATA)]) {
      const answer = await post(`${runtime.url}/v2/models/${APP}/infer`, body);
      expect(answer.status).toBe(200);
      expect(answer.body.outputs[0].shape).toEqual([1, 1]);
    }
  });

  it("POST /predict (and /): nested outputs by name, a bare input object or one row without the batch dimension", async () => {
    const direct = await directMinutes(version);
    const wrapped = await post(`${runtime.url}/predict`, { inputs: { features } });
    expect(wrapped.status).toBe(200);
    expect(wrapped.body).toEqual({ version, outputs: { minutes: direct.map((m) => [m]) } });
    const bare = await post(`${runtime.url}/`, { features: features[0] });
    expect(bare.body).toEqual({ version, outputs: { minutes: [[direct[0]]] } });
  });
});

describe("errors", () => {
  /** @type {import("./testing/runtime-process.mjs").RuntimeProcess} */
  let runtime;
  /** @type {string} */
  let infer;
  beforeAll(async () => {
    runtime = await startRuntime(sampleArgs("1.0.0"));
    infer = `${runtime.url}/v2/models/${APP}/infer`;
  });
  const features3 = { name: "features", shape: [1, 3], datatype: "FP32", data: [1, 2, 0] };

  it("400 names the input and what the model expects: missing, unknown, wrong shape, wrong datatype, wrong element, data count", async () => {
    /** @type {Array<[unknown, RegExp]>} */
    const cases = [
      [{ inputs: [] }, /"inputs" must be a non-empty list .*"features" FP32 with shape \[-1, 3\]/],
      [{ inputs: [{ name: "other", shape: [1], datatype: "FP32", data: [1] }] }, /missing input "features": the model expects FP32 with shape \[-1, 3\].*unknown input "other"/],
      [{ inputs: [{ ...features3, shape: [1, 4], data: [1, 2, 3, 4] }] }, /input "features": shape \[1, 4\] does not fit the model's FP32 with shape \[-1, 3\]/],
      [{ inputs: [{ ...features3, datatype: "INT64" }] }, /input "features": datatype INT64 does not match the model's FP32/],
      [{ inputs: [{ ...features3, datatype: "FLOAT" }] }, /"datatype" must be one of FP32, .*; the model takes FP32/],
      [{ inputs: [{ ...features3, data: [1, "two", 0] }] }, /input "features": element 1 \("two"\) is not a finite number/],
      [{ inputs: [{ ...features3, data: [1, 2] }] }, /shape \[1, 3\] holds 3 values, but data has 2/],
      [{ inputs: [{ ...features3, shape: "1x3" }] }, /"shape" must be a list of whole numbers/],
      [{ inputs: [features3], outputs: [{ name: "seconds" }] }, /unknown output "seconds": the model's outputs are "minutes"/],
      [{ id: 7, inputs: [features3] }, /"id" must be a string/],
    ];
    for (const [body, message] of cases) {
      const answer = await post(infer, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toMatch(message);
    }
  });

  it("400 reports every problem of a request at once", async () => {
    const answer = await post(infer, { id: 1, inputs: [{ ...features3, datatype: "INT8" }, { name: "extra" }], outputs: [{ name: "nope" }] });
    expect(answer.body.error.split("; ")).toHaveLength(4);
  });

  it("404 for an unknown model, version or path; 405 for a wrong method, with Allow", async () => {
    expect((await post(`${runtime.url}/v2/models/other/infer`, { inputs: [features3] })).body.error).toBe(`unknown model "other"; this server serves "${APP}"`);
    const wrongVersion = await fetch(`${runtime.url}/v2/models/${APP}/versions/9.9.9`);
    expect(wrongVersion.status).toBe(404);
    expect(/** @type {{ error: string }} */ (await wrongVersion.json()).error).toBe(`unknown version "9.9.9" of model "${APP}"; this server serves version "1.0.0"`);
    for (const p of ["/v2/models", "/v2/models/x/explain", "/nope"]) expect((await fetch(`${runtime.url}${p}`)).status, p).toBe(404);
    const get = await fetch(infer);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await post(`${runtime.url}/v2/models/${APP}`, {})).status).toBe(405);
    expect((await fetch(`${runtime.url}/predict`)).status).toBe(405);
  });

  it("415 without a JSON content type, 413 over 1 MiB, 400 for malformed JSON, an empty body or a ragged /predict array", async () => {
    expect((await post(infer, "{}", { "content-type": "text/plain" })).status).toBe(415);
    const huge = await post(infer, JSON.stringify({ inputs: [{ ...features3, data: new Array(300_000).fill(1.5) }] }));
    expect(huge.status).toBe(413);
    expect((await post(infer, "{not json")).body.error).toBe("request body is not valid JSON");
    expect((await post(`${runtime.url}/predict`, {})).body.error).toMatch(/missing inputs: send \{"inputs": \{"features": \[\[...\]\]\}\}/);
    expect((await post(`${runtime.url}/predict`, { features: [[1, 2, 3], [1, 2]] })).body.error).toMatch(/ragged/);
  });

  it("503 while the model is not ready: /health, the OIP readiness (400, empty) and infer", async () => {
    const starting = await spawnRuntime(sampleArgs("1.0.0"), { SAMPLE_STARTUP_DELAY_MS: "60000" });
    for (let i = 0; i < 100 && !starting.stdout().includes("listening"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await (await fetch(`${starting.url}/health`)).json()).toEqual({ status: "starting" });
    expect((await fetch(`${starting.url}/v2/health/ready`)).status).toBe(400);
    expect((await fetch(`${starting.url}/v2/health/live`)).status).toBe(200);
    const early = await post(`${starting.url}/v2/models/${APP}/infer`, { inputs: [features3] });
    expect(early.status).toBe(503);
    expect(early.body.error).toMatch(/still loading/);
    starting.child.kill("SIGTERM");
    expect(await starting.exited).toBe(0);
  });
});

describe("model files", () => {
  it("describeModel reads the sample's metadata; a broken or missing file is refused with the file's name", async () => {
    expect(await describeModel(sampleModel("2.0.0"))).toEqual(DELIVERY_ETA_MODEL_METADATA);
    const broken = path.join(scratch, "model.onnx");
    writeFileSync(broken, "this is not protobuf");
    await expect(describeModel(broken)).rejects.toThrow(/^model\.onnx is not a valid ONNX model: /);
    await expect(describeModel(broken)).rejects.not.toThrow(scratch);
    await expect(describeModel(path.join(scratch, "absent.onnx"))).rejects.toThrow("absent.onnx was not found.");
  });

  it("a runtime given a broken model exits 1 with the reason on stderr; a missing --model or PORT exits 2", async () => {
    const broken = await spawnRuntime(["--model", "model.onnx", "--model-name", "m", "--model-version", "1"], { MODEL_DIR: scratch });
    expect(await broken.exited).toBe(1);
    expect(broken.stderr()).toMatch(/model\.onnx is not a valid ONNX model/);
    const noModel = await spawnRuntime(["--model-name", "m"]);
    expect(await noModel.exited).toBe(2);
    expect(noModel.stderr()).toMatch(/--model <file.onnx> is required/);
  });

  it("without --model-name the model is named by MODEL_NAME (the worker sets it), relative paths by MODEL_DIR", async () => {
    const runtime = await startRuntime(["--model", "1.0.0/model.onnx", "--model-version", "1.0.0"], {
      MODEL_NAME: "eta",
      MODEL_DIR: path.join(REPO_ROOT, "sample-apps", APP),
    });
    expect((await fetch(`${runtime.url}/v2/models/eta/versions/1.0.0/ready`)).status).toBe(200);
  });

  it("exits 0 when its standard input closes and on SIGTERM", async () => {
    const first = await startRuntime(sampleArgs("1.0.0"));
    first.child.stdin?.end();
    expect(await first.exited).toBe(0);
    const second = await startRuntime(sampleArgs("1.0.0"));
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});

describe("a classifier with a labels file, and integer and boolean tensors", () => {
  beforeAll(() => {
    writeFileSync(path.join(scratch, "typed.onnx"), typedModel());
    writeFileSync(path.join(scratch, "classifier.onnx"), classifierModel());
    writeFileSync(path.join(scratch, "labels.txt"), "billing\ntechnical\naccount\n");
  });

  it("/predict answers the argmax label of each row; paths resolve against MODEL_DIR", async () => {
    const runtime = await startRuntime(["--model", "classifier.onnx", "--labels", "labels.txt", "--model-name", "support", "--model-version", "3.1.0"], {
      MODEL_DIR: scratch,
    });
    const x = [
      [2, 0.5],
      [0.1, 3],
      [-2, -2],
    ];
    const answer = await post(`${runtime.url}/predict`, { inputs: { x } });
    expect(answer.status).toBe(200);
    expect(answer.body.labels).toEqual(["billing", "technical", "account"]);
    const expectedScores = x.map((row) => [0, 1, 2].map((j) => Math.fround(Math.fround(row[0]) * CLASSIFIER_WEIGHTS[0][j] + Math.fround(row[1]) * CLASSIFIER_WEIGHTS[1][j])));
    expect(answer.body.outputs.scores).toEqual(expectedScores);
    const metadata = /** @type {{ outputs: unknown }} */ (await (await fetch(`${runtime.url}/v2/models/support/versions/3.1.0`)).json());
    expect(metadata.outputs).toEqual([{ name: "scores", datatype: "FP32", shape: [-1, 3] }]);
    expect(await describeModel(path.join(scratch, "classifier.onnx"), { labelsFile: path.join(scratch, "labels.txt") })).toMatchObject({
      labels: ["billing", "technical", "account"],
    });
  });

  it("OIP carries INT64 and BOOL tensors both ways and refuses out-of-range integers", async () => {
    const runtime = await startRuntime(["--model", path.join(scratch, "typed.onnx"), "--model-name", "typed", "--model-version", "1"]);
    const infer = `${runtime.url}/v2/models/typed/infer`;
    const answer = await post(infer, {
      inputs: [
        { name: "counts", shape: [2, 2], datatype: "INT64", data: [[1, -2], [3, 2 ** 40]] },
        { name: "flags", shape: [2], datatype: "BOOL", data: [true, 0] },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.outputs).toEqual([
      { name: "doubled", shape: [2, 2], datatype: "INT64", data: [2, -4, 6, 2 ** 41] },
      { name: "negated", shape: [2], datatype: "BOOL", data: [false, true] },
    ]);
    const bad = await post(infer, {
      inputs: [
        { name: "counts", shape: [1, 2], datatype: "INT64", data: [1.5, 2] },
        { name: "flags", shape: [1], datatype: "BOOL", data: ["yes"] },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/input "counts": element 0 \(1.5\) is not a whole number.*input "flags": element 0 \("yes"\) is not true, false, 0 or 1/);
  });
});
