// @ts-check
/**
 * Shared helpers for the sample model servers (node:http only).
 *
 * Contract (see README.md):
 * - `PORT` env (required), `HOST` env (default 127.0.0.1), `--model-version <v>` argv
 *   (fallback: `MODEL_VERSION` env).
 * - `GET /health` -> 503 {"status":"starting"} until ready, then 200 {"status":"ok","version"}.
 * - Exits 0 when standard input closes (the supervisor holds a pipe; EOF means it died),
 *   and on SIGTERM / SIGINT.
 *
 * Test hooks (env):
 * - `SAMPLE_STARTUP_DELAY_MS`: wait this long before becoming healthy.
 * - `SAMPLE_NEVER_HEALTHY=1`: health stays 503; a reason is printed to stderr.
 * - `SAMPLE_EXIT_AFTER_MS`: exit with code 1 after this long (simulated crash).
 * - `SAMPLE_IGNORE_STDIN_EOF=1`: do not exit on stdin EOF (manual background runs only).
 */
import http from "node:http";
// The built-in runtimes and the samples answer JSON alike: one body reader (1 MiB cap, 413/415/400) for all.
import { HttpError, readJsonBody, sendJson } from "../runtimes/onnx/http-json.mjs";

export { HttpError, MAX_BODY_BYTES, readJsonBody, sendJson } from "../runtimes/onnx/http-json.mjs";

/**
 * @typedef {{ appName: string, version: string, port: number, host: string }} ServerConfig
 */

/**
 * Reads the server configuration from argv and env; exits with code 2 on invalid input.
 * @param {string} appName
 * @param {string} [defaultVersion]
 * @returns {ServerConfig}
 */
export function readServerConfig(appName, defaultVersion = "1.0.0") {
  const argv = process.argv.slice(2);
  let version = process.env.MODEL_VERSION || defaultVersion;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--model-version" && argv[i + 1]) {
      version = argv[i + 1];
      i++;
    } else if (arg.startsWith("--model-version=")) {
      version = arg.slice("--model-version=".length);
    }
  }
  const portText = process.env.PORT;
  const port = Number(portText);
  if (!portText || !Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`${appName}: PORT env variable is required (1-65535), got ${JSON.stringify(portText ?? null)}\n`);
    process.exit(2);
  }
  const host = process.env.HOST || "127.0.0.1";
  return { appName, version, port, host };
}

/**
 * Major version number of a semver-like string ("2.0.0" -> 2); 1 when unparsable.
 * @param {string} version
 */
export function majorVersion(version) {
  const major = Number.parseInt(String(version).replace(/^v/i, ""), 10);
  return Number.isFinite(major) ? major : 1;
}

/**
 * @typedef {(body: Record<string, unknown>) => Record<string, unknown>} PredictHandler
 * @typedef {{
 *   appName: string,
 *   defaultVersion?: string,
 *   load: (version: string) => Promise<PredictHandler | null> | PredictHandler | null,
 *   predictPath?: string,
 *   onPredictWithoutHandler?: (req: http.IncomingMessage, res: http.ServerResponse, version: string) => void,
 *   onServer?: (server: http.Server, state: { version: string, isReady: () => boolean }) => void,
 * }} ModelServerOptions
 */

/**
 * Starts a model server: health, JSON predict route, lifecycle (stdin EOF, signals) and test hooks.
 * `load(version)` trains/loads the model and returns the predict handler (or null when the app
 * handles prediction differently, e.g. over WebSocket).
 * @param {ModelServerOptions} options
 */
export function startModelServer(options) {
  const config = readServerConfig(options.appName, options.defaultVersion);
  const { appName, version, port, host } = config;
  const predictPath = options.predictPath ?? "/predict";
  const versionHeader = { "X-Model-Version": version };

  let ready = false;
  /** @type {PredictHandler | null} */
  let predict = null;

  installLifecycle(appName);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url || "/", "http://localhost");
    if (url.pathname === "/health") {
      if (req.method !== "GET" && req.method !== "HEAD") {
        sendJson(res, 405, { error: "method not allowed" }, { Allow: "GET, HEAD" });
        return;
      }
      if (ready) sendJson(res, 200, { status: "ok", version });
      else sendJson(res, 503, { status: "starting" });
      return;
    }
    if (url.pathname === predictPath || (url.pathname === "/" && req.method === "POST")) {
      if (options.onPredictWithoutHandler && !predict) {
        req.resume();
        options.onPredictWithoutHandler(req, res, version);
        return;
      }
      if (req.method !== "POST") {
        req.resume();
        sendJson(res, 405, { error: "method not allowed; use POST" }, { Allow: "POST" });
        return;
      }
      if (!ready || !predict) {
        req.resume();
        sendJson(res, 503, { error: "model is not ready yet" }, versionHeader);
        return;
      }
      const handler = predict;
      readJsonBody(req)
        .then((body) => {
          const result = handler(body);
          sendJson(res, 200, { version, ...result }, versionHeader);
        })
        .catch((err) => {
          if (err instanceof HttpError) {
            sendJson(res, err.status, { error: err.message, version }, versionHeader);
          } else {
            process.stderr.write(`${appName}: prediction failed: ${err && err.stack ? err.stack : err}\n`);
            sendJson(res, 500, { error: "internal prediction error", version }, versionHeader);
          }
        });
      return;
    }
    req.resume();
    sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
  });

  options.onServer?.(server, { version, isReady: () => ready });

  server.on("error", (err) => {
    process.stderr.write(`${appName}: server error: ${err.message}\n`);
    process.exit(1);
  });

  server.listen(port, host, async () => {
    process.stdout.write(`${appName} ${version} listening on ${host}:${port}\n`);
    try {
      predict = (await options.load(version)) ?? null;
    } catch (err) {
      process.stderr.write(`${appName}: model failed to load: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
    if (process.env.SAMPLE_NEVER_HEALTHY === "1") {
      process.stderr.write(
        `${appName} ${version}: model weights failed checksum verification; refusing to become healthy (SAMPLE_NEVER_HEALTHY=1)\n`,
      );
      return;
    }
    const delay = Number(process.env.SAMPLE_STARTUP_DELAY_MS || 0);
    const markReady = () => {
      ready = true;
    };
    if (Number.isFinite(delay) && delay > 0) setTimeout(markReady, delay);
    else markReady();
  });

  return { server, version };
}

/**
 * Exit when stdin closes (supervisor gone), on SIGTERM / SIGINT, and after SAMPLE_EXIT_AFTER_MS.
 * @param {string} appName
 */
function installLifecycle(appName) {
  const exitCleanly = () => process.exit(0);
  process.on("SIGTERM", exitCleanly);
  process.on("SIGINT", exitCleanly);

  // Reading stdin keeps the event loop alive while the pipe is open; EOF means the parent died.
  // SAMPLE_IGNORE_STDIN_EOF=1 is only for running a server by hand in the background.
  if (process.env.SAMPLE_IGNORE_STDIN_EOF === "1") return scheduleCrash(appName);
  process.stdin.on("data", () => {});
  process.stdin.on("end", exitCleanly);
  process.stdin.on("close", exitCleanly);
  process.stdin.on("error", exitCleanly);
  process.stdin.resume();
  scheduleCrash(appName);
}

/**
 * Test hook: exit with code 1 after SAMPLE_EXIT_AFTER_MS.
 * @param {string} appName
 */
function scheduleCrash(appName) {
  const exitAfter = Number(process.env.SAMPLE_EXIT_AFTER_MS || 0);
  if (Number.isFinite(exitAfter) && exitAfter > 0) {
    setTimeout(() => {
      process.stderr.write(`${appName}: simulated crash after ${exitAfter} ms (SAMPLE_EXIT_AFTER_MS)\n`);
      process.exit(1);
    }, exitAfter);
  }
}
