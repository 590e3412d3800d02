import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@rts/db";
import { HEALTH_TIMEOUT_MS, checkHttpHealth } from "./http-health-check.ts";

let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    if (request.url === "/health") return response.end("ok");
    if (request.url === "/down") return response.writeHead(503).end("starting");
    if (request.url === "/close") return response.writeHead(200, { connection: "close" }).end();
    if (request.url === "/chunked") {
      response.write("partly");
      return setTimeout(() => response.end(" ready"), 10);
    }
    // "/hang": never answers
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the HTTP readiness check", () => {
  it("is healthy on 2xx, again and again over the kept connection, and on answers that close it or are chunked", async () => {
    for (let i = 0; i < 5; i++) expect(await checkHttpHealth({ host: "127.0.0.1", port })).toEqual({ healthy: true, detail: "GET /health answered 200" });
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
