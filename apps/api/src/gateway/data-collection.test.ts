// S14 end to end: a call whose body PostgreSQL cannot store goes through the real gateway to a
// real model server; its sample is dropped and counted, and everyone's other samples are kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp, instanceOf } from "../testing/test-app.ts";
import { startModelServer, stopAllModelServers, type ModelServer } from "../testing/model-servers.ts";

let t: TestApp;
let alice: string;
let catalogue: DemoCatalogue;
let token: string;
let model: ModelServer;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  catalogue = await demoCatalogue(t.db, "alice");
  token = (await createApiToken(t.app, alice, "s14")).token;
  model = await startModelServer("text-classifier", "1.0.0");
});
afterAll(async () => {
  await stopAllModelServers();
  await t?.close();
});

/** Deploys with data collection at 100% and plays the worker: one Healthy instance, Running. */
async function runningCollectedService(): Promise<string> {
  const body = deployBody(catalogue, { dataCollection: { enabled: true, samplingPercent: 100, retentionDays: 7 } });
  const response = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: body });
  expect(response.statusCode, response.body).toBe(202);
  const serviceId = response.json().id as string;
  const configuration = await t.db.prisma.versionConfiguration.findFirstOrThrow({ where: { serviceId } });
  await t.db.prisma.instance.create({
    data: { serviceId, ...instanceOf(configuration), poolId: catalogue.pools.public!, ordinal: 0, state: "Healthy", port: model.port },
  });
  await t.db.prisma.service.update({ where: { id: serviceId }, data: { state: "Running" } });
  return serviceId;
}

describe("S14 data collection through the gateway", () => {
  it("S14 a NUL in one caller's body does not block the other samples, and the drop is counted", async () => {
    const id = await runningCollectedService();
    const infer = (payload: string) =>
      t.app.inject({
        method: "POST",
        url: `/v1/infers/${id}`,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        payload,
      });
    const lostBefore = (await t.app.gateway.prometheus.samplesLost.get()).values.find((v) => v.labels.reason === "refused")?.value ?? 0;
    for (const payload of ['{"text":"refund please"}', '{"text":"evil \\u0000 byte"}', '{"text":"the app crashes"}']) {
      expect((await infer(payload)).statusCode).toBeLessThan(500);
    }
    await t.app.gateway.flush();
    expect((await infer('{"text":"after the flush"}')).statusCode).toBe(200);
    await t.app.gateway.flush();
    const read = await t.app.inject({ method: "GET", url: `/api/v1/services/${id}/samples`, headers: { cookie: alice } });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().items.map((s: { request: { text: string } }) => s.request.text)).toEqual(["after the flush", "the app crashes", "refund please"]);
    const lostAfter = (await t.app.gateway.prometheus.samplesLost.get()).values.find((v) => v.labels.reason === "refused")?.value ?? 0;
    expect(lostAfter - lostBefore).toBe(1);
    expect(t.app.gateway.samples.size).toBe(0);
  });
});
