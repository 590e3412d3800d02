// @ts-check
/**
 * The built-in ONNX runtime: serves one .onnx model with ONNX Runtime (CPU) under the
 * model-server contract of sample-apps/README.md, speaking the Open Inference Protocol v2 and the
 * platform's JSON contract.
 *
 *   PORT=8110 node runtimes/onnx/server.mjs --model model.onnx [--labels labels.txt] \
 *     --model-name delivery-eta-onnx --model-version 1.0.0
 *
 * GET /health is 503 {"status":"starting"} while the model loads, then 200 {"status":"ok","version"};
 * a model that cannot load ends the process with code 1 and the reason on stderr.
 * Test hook: SAMPLE_STARTUP_DELAY_MS keeps it "starting" that long after loading.
 */
import http from "node:http";
import { HttpError, readJsonBody, sendJson } from "./http-json.mjs";
import { InputError } from "./input-tensors.mjs";
import { loadModel } from "./model-session.mjs";
import { readyModel } from "./model-state.mjs";
import { handleOipRequest } from "./oip-routes.mjs";
import { predict } from "./predict-route.mjs";
import { parseRuntimeOptions } from "./runtime-options.mjs";

const NAME = "onnx-runtime";

const parsed = parseRuntimeOptions(process.argv.slice(2), process.env);
if ("problems" in parsed) {
  process.stderr.write(`${NAME}: ${parsed.problems.join("; ")}\n`);
  process.exit(2);
}
const { options } = parsed;
/** @type {import("./model-state.mjs").ModelState} */
const state = { options, model: null };
const headers = { "X-Model-Version": options.modelVersion };

installLifecycle();

/**
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {string} pathname
 */
async function route(req, res, pathname) {
  if (pathname === "/health") {
    if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, "method not allowed; use GET", { Allow: "GET, HEAD" });
    if (state.model) return sendJson(res, 200, { status: "ok", version: options.modelVersion }, headers);
    return sendJson(res, 503, { status: "starting" }, headers);
  }
  if (pathname === "/v2" || pathname.startsWith("/v2/")) {
    /** @type {string[]} */
    let segments;
    try {
      segments = pathname.split("/").slice(2).filter((s) => s !== "").map(decodeURIComponent);
    } catch {
      throw new HttpError(400, `the path ${pathname} is not valid percent-encoding`);
    }
    return handleOipRequest(req, res, segments, state, headers);
  }
  if (pathname === "/predict" || pathname === "/") {
    if (req.method !== "POST") throw new HttpError(405, "method not allowed; use POST", { Allow: "POST" });
    // Refuse before reading a body the model cannot take yet.
    readyModel(state);
    return sendJson(res, 200, await predict(state, await readJsonBody(req)), headers);
  }
  throw new HttpError(404, `no route for ${req.method} ${pathname}`);
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url ?? "/", "http://localhost");
  route(req, res, pathname).catch((error) => {
    req.resume();
    if (error instanceof InputError) return sendJson(res, 400, { error: error.message }, headers);
    if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message }, { ...headers, ...error.headers });
    process.stderr.write(`${NAME}: request failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    sendJson(res, 500, { error: "internal error while running the model" }, headers);
  });
});

server.on("error", (error) => {
  process.stderr.write(`${NAME}: server error: ${error.message}\n`);
  process.exit(1);
});

server.listen(options.port, options.host, async () => {
  process.stdout.write(`${options.modelName} ${options.modelVersion} listening on ${options.host}:${options.port}\n`);
  /** @type {import("./model-session.mjs").LoadedModel} */
  let model;
  try {
    model = await loadModel(options.modelFile, options.labelsFile ? { labelsFile: options.labelsFile } : {});
  } catch (error) {
    process.stderr.write(`${NAME}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  // The samples' test hook (sample-apps/README.md): stay "starting" this long after loading.
  const delay = Number(process.env.SAMPLE_STARTUP_DELAY_MS || 0);
  if (Number.isFinite(delay) && delay > 0) setTimeout(() => (state.model = model), delay);
  else state.model = model;
});

/** Exit 0 when stdin closes (the supervisor is gone) and on SIGTERM / SIGINT. */
function installLifecycle() {
  const exitCleanly = () => process.exit(0);
  process.on("SIGTERM", exitCleanly);
  process.on("SIGINT", exitCleanly);
  // SAMPLE_IGNORE_STDIN_EOF=1 is only for running the server by hand in the background.
  if (process.env.SAMPLE_IGNORE_STDIN_EOF === "1") return;
  process.stdin.on("data", () => {});
  process.stdin.on("end", exitCleanly);
  process.stdin.on("close", exitCleanly);
  process.stdin.on("error", exitCleanly);
  process.stdin.resume();
}
