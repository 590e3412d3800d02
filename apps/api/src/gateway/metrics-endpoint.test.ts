// Prometheus text names every service and its traffic: read anonymously on the public port, as an
// attacker would, it must be refused. A scraper reads it on loopback, or with the scrape token.
import { networkInterfaces } from "node:os";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_METRICS_TOKEN, type TestApp } from "../testing/test-app.ts";
import { startMetricsServer } from "./metrics-endpoint.ts";

let withToken: TestApp;
let withoutToken: TestApp;
beforeAll(async () => {
  [withToken, withoutToken] = await Promise.all([createTestApp(), createTestApp({ metricsToken: undefined })]);
});
afterAll(async () => Promise.all([withToken?.close(), withoutToken?.close()]));

describe("/metrics", () => {
  it("S27 is not readable anonymously on the public port; the loopback port and the scrape token serve it", async () => {
    const noRoute = await withoutToken.app.inject({ method: "GET", url: "/metrics" });
    expect(noRoute.statusCode).toBe(404);
    expect(noRoute.body).not.toContain("rts_inference");

    for (const authorization of [undefined, "Bearer wrong-token-0123456789", `Basic ${TEST_METRICS_TOKEN}`]) {
      const refused = await withToken.app.inject({ method: "GET", url: "/metrics", headers: authorization ? { authorization } : {} });
      expect(refused.statusCode).toBe(401);
      expect(refused.headers["content-type"]).toContain("application/problem+json");
      expect(refused.body).not.toContain("rts_inference");
    }
    const scraped = await withToken.app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain("# HELP rts_inference_requests_total");

    const loopback = await startMetricsServer(withoutToken.app.gateway.prometheus.registry, 0, pino({ level: "silent" }));
    try {
      const response = await fetch(`http://127.0.0.1:${loopback.port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("# HELP rts_inference_requests_total");
      expect((await fetch(`http://127.0.0.1:${loopback.port}/api/v1/health`)).status).toBe(404);
      // Bound to loopback only: the machine's other addresses do not answer.
      const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal);
      if (external) {
        const reached = await fetch(`http://${external.address}:${loopback.port}/metrics`, { signal: AbortSignal.timeout(2_000) }).then(() => true, () => false);
        expect(reached).toBe(false);
      }
    } finally {
      await loopback.close();
    }
  });
});
