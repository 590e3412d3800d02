// @ts-check
/**
 * Spawns every sample model server as a real OS process (as the platform runtime does) and checks
 * the model-server contract: health, predict, X-Model-Version, WebSocket streaming, test hooks and
 * exit on stdin close.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

const appFile = (/** @type {string} */ app) => fileURLToPath(new URL(`./${app}/server.mjs`, import.meta.url));

/** @typedef {{ child: import("node:child_process").ChildProcessWithoutNullStreams, port: number, base: string, stdout: () => string, stderr: () => string, exited: Promise<number | null> }} Started */

/** @type {Set<import("node:child_process").ChildProcess>} */
const children = new Set();

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = once(child, "exit");
      child.kill("SIGKILL");
      await gone;
    }
  }
});

/** @returns {Promise<number>} */
async function freePort() {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * @param {string} app
 * @param {string} version
 * @param {Record<string, string>} [env]
 * @returns {Promise<Started>}
 */
async function startServer(app, version, env = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [appFile(app), "--model-version", version], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, port, base: `http://127.0.0.1:${port}`, stdout: () => out, stderr: () => err, exited: /** @type {Promise<number | null>} */ (exited) };
}

/**
 * Polls GET /health until 200 (or timeout); returns the milliseconds it took.
 * @param {Started} s
 * @param {number} [timeoutMs]
 */
async function waitHealthy(s, timeoutMs = 5000) {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (s.child.exitCode !== null) throw new Error(`server exited early (${s.child.exitCode}): ${s.stderr()}`);
    try {
      const res = await fetch(`${s.base}/health`);
      if (res.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`server on ${s.port} not healthy within ${timeoutMs} ms; stderr: ${s.stderr()}`);
}

/**
 * @param {Started} s
 * @param {unknown} body
 */
async function postJson(s, body, path = "/predict") {
  const res = await fetch(`${s.base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { res, json: /** @type {any} */ (await res.json()) };
}

/**
 * Opens a WebSocket, sends one message and collects replies until "done" or "error".
 * @param {WebSocket} ws
 * @param {string} payload
 * @returns {Promise<any[]>}
 */
function exchange(ws, payload) {
  return new Promise((resolve, reject) => {
    /** @type {any[]} */
    const messages = [];
    /** @param {WebSocket.RawData} data */
    const onMessage = (data) => {
      const msg = JSON.parse(data.toString());
      messages.push(msg);
      if (msg.type === "done" || msg.type === "error") {
        ws.off("message", onMessage);
        resolve(messages);
      }
    };
    ws.on("message", onMessage);
    ws.once("error", reject);
    ws.send(payload);
  });
}

describe("text-classifier server", () => {
  it("serves two versions that answer with their version and differ on some input", async () => {
    const [v1, v2] = await Promise.all([startServer("text-classifier", "1.0.0"), startServer("text-classifier", "2.0.0")]);
    await Promise.all([waitHealthy(v1), waitHealthy(v2)]);
    expect(v1.stdout()).toContain(`text-classifier 1.0.0 listening on 127.0.0.1:${v1.port}`);

    const health = await fetch(`${v2.base}/health`);
    expect(await health.json()).toEqual({ status: "ok", version: "2.0.0" });

    const text = "The auto renewal charged me without a reminder";
    const a = await postJson(v1, { text });
    const b = await postJson(v2, { text });
    expect(a.res.status).toBe(200);
    expect(a.res.headers.get("x-model-version")).toBe("1.0.0");
    expect(b.res.headers.get("x-model-version")).toBe("2.0.0");
    expect(a.json.version).toBe("1.0.0");
    expect(b.json.version).toBe("2.0.0");
    expect(b.json.label).toBe("billing");
    expect(a.json.label).not.toBe(b.json.label);
    expect(Object.keys(b.json.scores).sort()).toEqual(["account", "billing", "technical"]);

    const batch = await postJson(v2, { instances: ["the app crashes on startup", "I forgot my password"] });
    expect(batch.res.status).toBe(200);
    expect(batch.json.predictions.map((/** @type {any} */ p) => p.label)).toEqual(["technical", "account"]);
  });

  it("rejects bad requests with JSON errors (400, 415, 413)", async () => {
    const s = await startServer("text-classifier", "2.0.0");
    await waitHealthy(s);
    const missing = await postJson(s, {});
    expect(missing.res.status).toBe(400);
    expect(missing.json.error).toMatch(/text/);
    expect((await postJson(s, { text: "   " })).res.status).toBe(400);
    expect((await postJson(s, { instances: ["ok", 3] })).res.status).toBe(400);

    const malformed = await fetch(`${s.base}/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatch(/JSON/);

    const wrongType = await fetch(`${s.base}/predict`, { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" });
    expect(wrongType.status).toBe(415);

    const big = JSON.stringify({ text: "a".repeat(1024 * 1024 + 10) });
    const tooLarge = await fetch(`${s.base}/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error).toMatch(/exceeds/);
  });
});

describe("number-regressor server", () => {
  it("predicts delivery minutes with the version header; versions differ", async () => {
    const [v1, v2] = await Promise.all([startServer("number-regressor", "1.0.0"), startServer("number-regressor", "2.0.0")]);
    await Promise.all([waitHealthy(v1), waitHealthy(v2)]);
    const features = { distanceKm: 12, items: 4, rushHour: 1 };
    const a = await postJson(v1, { features });
    const b = await postJson(v2, { features });
    expect(a.res.status).toBe(200);
    expect(a.res.headers.get("x-model-version")).toBe("1.0.0");
    expect(a.json).toMatchObject({ version: "1.0.0", unit: "minutes" });
    expect(b.json.version).toBe("2.0.0");
    expect(a.json.prediction).toBeGreaterThan(20);
    expect(a.json.prediction).not.toBe(b.json.prediction);
    const bad = await postJson(v1, { features: { distanceKm: "far", items: 1, rushHour: 0 } });
    expect(bad.res.status).toBe(400);
    expect(bad.json.error).toMatch(/distanceKm/);
  });
});

describe("sentiment-stream server", () => {
  it("streams one token per word then done over WebSocket, with X-Model-Version on the upgrade", async () => {
    const s = await startServer("sentiment-stream", "2.0.0");
    await waitHealthy(s);
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/predict`);
    /** @type {Promise<import("node:http").IncomingMessage>} */
    const upgrade = new Promise((resolve) => ws.once("upgrade", resolve));
    await once(ws, "open");
    expect((await upgrade).headers["x-model-version"]).toBe("2.0.0");

    const messages = await exchange(ws, JSON.stringify({ text: "The new release is not good" }));
    const tokens = messages.filter((m) => m.type === "token");
    expect(tokens.map((t) => t.word)).toEqual(["the", "new", "release", "is", "not", "good"]);
    expect(tokens.at(-1).score).toBeLessThan(0);
    expect(messages.at(-1)).toMatchObject({ type: "done", version: "2.0.0", label: "negative" });

    const error = await exchange(ws, "this is not json");
    expect(error).toEqual([{ type: "error", message: expect.stringMatching(/JSON/) }]);
    expect((await exchange(ws, JSON.stringify({ text: "" })))[0].type).toBe("error");
    // The socket stays open after malformed messages.
    const again = await exchange(ws, JSON.stringify({ text: "great support, thanks" }));
    expect(again.at(-1)).toMatchObject({ type: "done", label: "positive" });
    ws.close();

    const root = new WebSocket(`ws://127.0.0.1:${s.port}/`);
    await once(root, "open");
    expect((await exchange(root, JSON.stringify({ text: "ok" }))).at(-1)).toMatchObject({ type: "done", label: "neutral" });
    root.close();
  });

  it("answers a plain POST /predict with 426 Upgrade Required", async () => {
    const s = await startServer("sentiment-stream", "1.0.0");
    await waitHealthy(s);
    const res = await fetch(`${s.base}/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"text":"hi"}' });
    expect(res.status).toBe(426);
    expect((await res.json()).error).toMatch(/WebSocket/);
  });
});

describe("lifecycle and test hooks", () => {
  it("SAMPLE_NEVER_HEALTHY keeps /health at 503 and prints the reason to stderr", async () => {
    const s = await startServer("text-classifier", "2.0.0", { SAMPLE_NEVER_HEALTHY: "1" });
    const deadline = Date.now() + 3000;
    while (!s.stderr().includes("checksum") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(s.stderr()).toContain("model weights failed checksum verification");
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${s.base}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "starting" });
  });

  it("SAMPLE_STARTUP_DELAY_MS delays health", async () => {
    const s = await startServer("number-regressor", "1.0.0", { SAMPLE_STARTUP_DELAY_MS: "400" });
    const elapsed = await waitHealthy(s);
    expect(elapsed).toBeGreaterThanOrEqual(350);
  });

  it("exits 0 when its stdin closes (supervisor gone)", async () => {
    for (const app of ["text-classifier", "sentiment-stream"]) {
      const s = await startServer(app, "1.0.0");
      await waitHealthy(s);
      s.child.stdin.end();
      expect(await s.exited).toBe(0);
    }
  });

  it("exits 0 on SIGTERM, 1 after SAMPLE_EXIT_AFTER_MS, 2 without PORT", async () => {
    const term = await startServer("number-regressor", "1.0.0");
    await waitHealthy(term);
    term.child.kill("SIGTERM");
    expect(await term.exited).toBe(0);

    const crash = await startServer("number-regressor", "1.0.0", { SAMPLE_EXIT_AFTER_MS: "300" });
    expect(await crash.exited).toBe(1);
    expect(crash.stderr()).toContain("SAMPLE_EXIT_AFTER_MS");

    const { PORT: _ignored, ...envWithoutPort } = process.env;
    const noPort = spawn(process.execPath, [appFile("number-regressor")], { env: envWithoutPort, stdio: ["pipe", "pipe", "pipe"] });
    children.add(noPort);
    let err = "";
    noPort.stderr.on("data", (d) => (err += d));
    const [code] = await once(noPort, "exit");
    expect(code).toBe(2);
    expect(err).toContain("PORT");
  });
});
