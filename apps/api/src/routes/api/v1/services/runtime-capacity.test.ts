// What the runtime really has bounds the public pool (R7) and decides which flavors are usable (R6):
// an API built with a measured capacity of 4 vCPUs, 16 GiB and no GPU.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeployServiceRequest } from "@rts/contracts";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../../../../testing/test-app.ts";

let t: TestApp;
let cookie: string;
let catalogue: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp({ runtimeCapacity: { vcpus: 4, memoryGiB: 16, gpus: 0 } });
  cookie = await login(t.app, "alice");
  catalogue = await demoCatalogue(t.db, "alice");
});
afterAll(() => t.close());

function body(name: string, flavorId: string, computeNodes: number): DeployServiceRequest {
  return deployBody(catalogue, {
    name,
    configurations: [{ versionId: catalogue.versions["text-classifier@1.0.0"]!, trafficRatio: 100, flavorId, computeNodes, envVars: [] }],
  });
}

const deploy = (payload: DeployServiceRequest, url = "/api/v1/services") => t.app.inject({ method: "POST", url, headers: { cookie }, payload });

describe("runtime capacity", () => {
  it("R6 shows GPU flavors in gray and refuses them when the runtime has no GPU", async () => {
    const flavors = (await t.app.inject({ method: "GET", url: "/api/v1/specifications", headers: { cookie } })).json().items;
    expect(flavors.find((f: { id: string }) => f.id === "gpu.t4.8u32g")).toMatchObject({ available: false });
    expect(flavors.find((f: { id: string }) => f.id === "cpu.2u8g")).toMatchObject({ available: true });
    const refused = await deploy(body("gpu-here", "gpu.t4.8u32g", 1));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toContainEqual(expect.objectContaining({ rule: "R6", path: "configurations.0.flavorId", message: expect.stringMatching(/not available in this environment/) }));
  });

  it("R7 refuses a public-pool deploy that does not fit what the machine has free, saying what is free", async () => {
    expect((await deploy(body("fits", "cpu.2u8g", 2))).statusCode).toBe(202);
    const pools = (await t.app.inject({ method: "GET", url: "/api/v1/pools", headers: { cookie } })).json().items;
    expect(pools.find((p: { type: string }) => p.type === "public").capacity).toEqual({ vcpus: 4, memoryGiB: 16, freeVcpus: 0, freeMemoryGiB: 0 });
    const before = await t.db.prisma.service.count();
    const preview = await deploy(body("no-room", "cpu.1u2g", 1), "/api/v1/services?dryRun=true");
    expect(preview.json().issues ?? preview.json().errors).toContainEqual(expect.objectContaining({ rule: "R7" }));
    const refused = await deploy(body("no-room", "cpu.1u2g", 1));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      expect.objectContaining({
        rule: "R7",
        path: "configurations",
        message: expect.stringContaining("it needs 1 vCPUs and 2 GiB, and 0 of 4 vCPUs and 0 of 16 GiB are free on this machine"),
      }),
    ]);
    expect(await t.db.prisma.service.count()).toBe(before);
    // A stopped service holds quota (R12) but no machine.
    await t.db.prisma.service.updateMany({ where: { name: "fits" }, data: { state: "Stopped", desiredState: "Stopped" } });
    expect((await deploy(body("room-again", "cpu.1u2g", 1))).statusCode).toBe(202);
  });

  it("R7 never overcommits the machine under concurrent deploys from several users", async () => {
    await t.db.prisma.service.deleteMany({});
    const bob = await login(t.app, "bob");
    const bobCatalogue = await demoCatalogue(t.db, "bob");
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.app.inject({
          method: "POST",
          url: "/api/v1/services",
          headers: { cookie: i % 2 === 0 ? cookie : bob },
          payload: deployBody(i % 2 === 0 ? catalogue : bobCatalogue, {
            name: `race-${i}`,
            configurations: [
              {
                versionId: (i % 2 === 0 ? catalogue : bobCatalogue).versions["text-classifier@1.0.0"]!,
                trafficRatio: 100,
                flavorId: "cpu.2u8g",
                computeNodes: 1,
                envVars: [],
              },
            ],
          }),
        }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 202)).toHaveLength(2);
    expect(answers.filter((a) => a.statusCode === 422)).toHaveLength(8);
  });
});
