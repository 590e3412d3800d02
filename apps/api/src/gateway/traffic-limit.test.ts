// S18: the traffic limit (R11) against bursts, through the real gateway to a real model server.
// N+1 calls at once on a limit of N calls per second: N are served, 1 is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenOnLoopback, createApiToken, createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp, instanceOf } from "../testing/test-app.ts";
import { startModelServer, stopAllModelServers, type ModelServer } from "../testing/model-servers.ts";

let t: TestApp;
let alice: string;
let catalogue: DemoCatalogue;
let token: string;
let model: ModelServer;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  catalogue = await demoCatalogue(t.db, "alice");
  token = (await createApiToken(t.app, alice, "s18")).token;
  model = await startModelServer("text-classifier", "1.0.0");
  base = await listenOnLoopback(t.app);
});
afterAll(async () => {
  await stopAllModelServers();
  await t?.close();
});

/** Deploys with a traffic limit and plays the worker: one Healthy instance, Running. */
async function limitedService(requestsPerSecond: number): Promise<string> {
  const body = deployBody(catalogue, { trafficLimit: { requestsPerSecond } });
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

async function burst(serviceId: string, calls: number): Promise<number[]> {
  const answers = await Promise.all(
    Array.from({ length: calls }, () =>
      fetch(`${base}/v1/infers/${serviceId}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ text: "refund my invoice" }),
      }),
    ),
  );
  const statuses = answers.map((a) => a.status);
  await Promise.all(answers.map((a) => a.arrayBuffer()));
  return statuses.sort();
}

describe("S18 traffic limit under a burst", () => {
  it.each([{ limit: 1 }, { limit: 5 }, { limit: 10 }])("S18 $limit+1 simultaneous calls on a limit of $limit per second: $limit served, 1 refused", async ({ limit }) => {
    const id = await limitedService(limit);
    const statuses = await burst(id, limit + 1);
    expect(statuses).toEqual([...Array<number>(limit).fill(200), 429]);
  });

  it("S18 a cold service (routing table not yet cached) is limited the same way, and the next second serves again", async () => {
    const id = await limitedService(5);
    expect(await burst(id, 6)).toEqual([200, 200, 200, 200, 200, 429]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await burst(id, 5)).filter((s) => s === 200)).toHaveLength(5);
  });
});
