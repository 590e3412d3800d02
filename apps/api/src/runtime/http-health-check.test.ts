import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@rts/db";
import { HEALTH_TIMEOUT_MS, checkHttpHealth } from "./http-health-check.ts";

let server: http.Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    if (request.url === "/health") return response.end("ok");
    if (request.url === "/down") return response.writeHead(503).end("starting");
    if (request.url === "/close") return response.writeHead(200, { connection: "close" }).end();
    if (request.url === "/chunked") {
      response.write("partly");
      return setTimeout(() => response.end(" ready"), 10);
    }
    if (request.url === "/endless") return writeForever(response, () => "x".repeat(16 * 1024), 0);
    if (request.url === "/drip") return writeForever(response, () => ".", 200);
    // "/hang": never answers
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// A hostile model server's health answer that never ends, fast or slowly.
function writeForever(response: http.ServerResponse, chunk: () => string, everyMs: number): void {
  response.writeHead(200);
  const timer = setInterval(() => {
    if (response.destroyed) return clearInterval(timer);
    response.write(chunk());
  }, everyMs);
}

describe("the HTTP readiness check", () => {
  it("is healthy on 2xx, again and again over the kept connection, and on answers that close it or are chunked", async () => {
    await checkHttpHealth({ host: "127.0.0.1", port });
    const before = connections;
    for (let i = 0; i < 5; i++) expect(await checkHttpHealth({ host: "127.0.0.1", port })).toEqual({ healthy: true, detail: "GET /health answered 200" });
    expect(connections - before, "checks after the first reuse its connection").toBe(0);
    for (const healthPath of ["/close", "/chunked", "/close"]) expect((await checkHttpHealth({ host: "127.0.0.1", port, healthPath })).healthy).toBe(true);
  });

  it("says what was wrong: another status, nothing listening, no answer in time", async () => {
    expect(await checkHttpHealth({ host: "127.0.0.1", port, healthPath: "/down" })).toEqual({ healthy: false, detail: "GET /down answered 503" });
    const refused = await checkHttpHealth({ host: "127.0.0.1", port: await freePort() });
    expect(refused).toMatchObject({ healthy: false, unreachable: true, detail: "GET /health: connection refused (nothing listening on the port yet)" });
    const hung = await checkHttpHealth({ host: "127.0.0.1", port, healthPath: "/hang" });
    expect(hung).toMatchObject({ healthy: false, detail: `GET /hang: no answer within ${HEALTH_TIMEOUT_MS} ms` });
  });
});

describe("S74 a model server cannot stall its own health checks with an answer that never ends", () => {
  it.each([
    ["/endless", "a body far over the limit, sent fast"],
    ["/drip", "a body dripped a byte at a time, never finished"],
  ])("%s (%s): the status is taken, the connection closed, and the next check answers too", async (healthPath) => {
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      expect(await checkHttpHealth({ host: "127.0.0.1", port, healthPath })).toEqual({ healthy: true, detail: `GET ${healthPath} answered 200` });
      expect(Date.now() - started).toBeLessThan(HEALTH_TIMEOUT_MS * 3);
    }
  });
});
