// @ts-check
/**
 * The Open Inference Protocol v2 REST API (KServe / Triton "predict protocol v2") for the one
 * model this runtime serves:
 *   GET  /v2/health/live, /v2/health/ready          200 (true) or 400 (false), empty body
 *   GET  /v2                                        server metadata
 *   GET  /v2/models/{name}[/versions/{v}]           model metadata (inputs and outputs from the model)
 *   GET  /v2/models/{name}[/versions/{v}]/ready     200 or 400, empty body
 *   POST /v2/models/{name}[/versions/{v}]/infer     typed tensors in, typed tensors out
 * Errors are {"error": "..."}: 400 bad request, 404 unknown model or version, 503 still loading.
 */
import ort from "onnxruntime-node";
import { HttpError, readJsonBody, sendJson } from "./http-json.mjs";
import { InputError, oipFeeds } from "./input-tensors.mjs";
import { readyModel, runModel } from "./model-state.mjs";
import { oipOutputs, selectOutputs } from "./output-tensors.mjs";

/** @typedef {import("./model-state.mjs").ModelState} ModelState */

export const SERVER_NAME = "rts-onnx-runtime";
/** The OIP platform name of ONNX models served by ONNX Runtime. */
const PLATFORM = "onnxruntime_onnx";

/**
 * @param {import("node:http").IncomingMessage} req
 * @param {"GET" | "POST"} method
 */
function requireMethod(req, method) {
  const allowed = method === "GET" ? ["GET", "HEAD"] : ["POST"];
  if (!allowed.includes(req.method ?? "")) {
    throw new HttpError(405, `method ${req.method} not allowed; use ${method}`, { Allow: allowed.join(", ") });
  }
}

/**
 * Checks the model name and version in the path against the served model.
 * @param {ModelState} state
 * @param {string} name
 * @param {string | undefined} version
 */
function requireServedModel(state, name, version) {
  const { modelName, modelVersion } = state.options;
  if (name !== modelName) throw new HttpError(404, `unknown model "${name}"; this server serves "${modelName}"`);
  if (version !== undefined && version !== modelVersion) {
    throw new HttpError(404, `unknown version "${version}" of model "${name}"; this server serves version "${modelVersion}"`);
  }
}

/**
 * @param {ModelState} state
 * @param {Record<string, unknown>} body
 */
async function infer(state, body) {
  const model = readyModel(state);
  const { inputs, outputs } = model.metadata;
  /** @type {string[]} */
  const problems = [];
  if (body.id !== undefined && typeof body.id !== "string") problems.push('"id" must be a string');
  /** @type {ReturnType<typeof oipFeeds>} */
  let feeds = {};
  /** @type {string[]} */
  let names = [];
  for (const step of [() => (feeds = oipFeeds(inputs, body.inputs)), () => (names = selectOutputs(outputs, body.outputs))]) {
    try {
      step();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const results = await runModel(model, feeds, names);
  return {
    model_name: state.options.modelName,
    model_version: state.options.modelVersion,
    ...(typeof body.id === "string" ? { id: body.id } : {}),
    outputs: oipOutputs(outputs, names, results),
  };
}

/**
 * Answers a request under /v2; throws HttpError or InputError for the caller to answer.
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {string[]} segments the decoded path segments after "v2"
 * @param {ModelState} state
 * @param {Record<string, string>} headers
 */
export async function handleOipRequest(req, res, segments, state, headers) {
  const [first, second, ...rest] = segments;
  if (first === undefined) {
    requireMethod(req, "GET");
    return sendJson(res, 200, { name: SERVER_NAME, version: ort.env.versions.node ?? "unknown", extensions: [] }, headers);
  }
  if (first === "health" && (second === "live" || second === "ready") && rest.length === 0) {
    requireMethod(req, "GET");
    return sendJson(res, second === "live" || state.model ? 200 : 400, undefined, headers);
  }
  if (first !== "models" || second === undefined) throw new HttpError(404, `no route for ${req.method} ${req.url}`);
  /** @type {string | undefined} */
  let version;
  let action = rest;
  if (rest[0] === "versions") {
    if (rest[1] === undefined) throw new HttpError(404, `no route for ${req.method} ${req.url}`);
    version = rest[1];
    action = rest.slice(2);
  }
  if (action.length > 1 || (action.length === 1 && action[0] !== "ready" && action[0] !== "infer")) {
    throw new HttpError(404, `no route for ${req.method} ${req.url}`);
  }
  requireMethod(req, action[0] === "infer" ? "POST" : "GET");
  requireServedModel(state, second, version);
  if (action[0] === "ready") return sendJson(res, state.model ? 200 : 400, undefined, headers);
  if (action[0] === "infer") return sendJson(res, 200, await infer(state, await readJsonBody(req)), headers);
  const { metadata } = readyModel(state);
  return sendJson(
    res,
    200,
    { name: state.options.modelName, versions: [state.options.modelVersion], platform: PLATFORM, inputs: metadata.inputs, outputs: metadata.outputs },
    headers,
  );
}
