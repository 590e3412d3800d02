import { describe, expect, it } from "vitest";
import { fixtureContext, flavors, pools, validDeployRequest, versions } from "../testing/index.ts";
import { RESOURCE_POOL_MESSAGES } from "./r03-resource-pool.ts";
import { validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext();
const dedicated = (poolIds: string[], flavorId: string = flavors.cpu8.id) =>
  validDeployRequest({
    resourcePool: { type: "dedicated", poolIds },
    configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId, computeNodes: 1, envVars: [] }],
  });

describe("R3 resource pool", () => {
  it("R3 accepts a public-pool flavor in the public pool and the pool's flavor in a dedicated pool", () => {
    expect(validateDeployRequest(validDeployRequest(), ctx).ok).toBe(true);
    expect(validateDeployRequest(dedicated([pools.newA.id]), ctx).ok).toBe(true);
  });

  it("R3 refuses a flavor the public pool does not offer", () => {
    const req = validDeployRequest({
      configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu16.id, computeNodes: 1, envVars: [] }],
    });
    const issues = validateDeployRequest(req, ctx).issues.filter((i) => i.rule === "R3");
    expect(issues).toEqual([
      { rule: "R3", path: "configurations.0.flavorId", message: RESOURCE_POOL_MESSAGES.flavorNotInPublicPool(flavors.cpu16.name) },
    ]);
  });

  it("R3 refuses an unknown pool id without revealing whether it exists elsewhere", () => {
    const issues = validateDeployRequest(dedicated(["someone-elses-pool"]), ctx).issues;
    expect(issues).toEqual([{ rule: "R3", path: "resourcePool.poolIds.0", message: RESOURCE_POOL_MESSAGES.poolNotFound }]);
  });

  it("R3 refuses the public pool's id as a dedicated pool", () => {
    const issues = validateDeployRequest(dedicated([pools.public.id]), ctx).issues;
    expect(issues).toContainEqual({ rule: "R3", path: "resourcePool.poolIds.0", message: RESOURCE_POOL_MESSAGES.poolNotFound });
  });

  it("R3 refuses a pool that is not Running", () => {
    const issues = validateDeployRequest(dedicated([pools.creating.id]), ctx).issues;
    expect(issues).toEqual([
      { rule: "R3", path: "resourcePool.poolIds.0", message: RESOURCE_POOL_MESSAGES.poolNotUsable(pools.creating) },
    ]);
    expect(issues[0]?.message).toMatch(/Creating/);
  });

  it("R3 refuses a flavor other than the dedicated pool's", () => {
    const issues = validateDeployRequest(dedicated([pools.newA.id], flavors.cpu2.id), ctx).issues;
    expect(issues).toEqual([
      { rule: "R3", path: "configurations.0.flavorId", message: RESOURCE_POOL_MESSAGES.flavorNotInPool(pools.newA, flavors.cpu8.name) },
    ]);
  });

  it("R3 refuses zero or two pools without multi-pool load balancing", () => {
    expect(validateDeployRequest(dedicated([]), ctx).issues).toEqual([
      { rule: "R3", path: "resourcePool.poolIds", message: RESOURCE_POOL_MESSAGES.noDedicatedPool },
    ]);
    expect(validateDeployRequest(dedicated([pools.newA.id, pools.newB.id]), ctx).issues).toEqual([
      { rule: "R3", path: "resourcePool.poolIds", message: RESOURCE_POOL_MESSAGES.oneDedicatedPool },
    ]);
  });

  it("R3 refuses an unknown pool type and pool ids on the public pool", () => {
    expect(validateDeployRequest({ ...validDeployRequest(), resourcePool: { type: "shared" } }, ctx).issues).toEqual([
      { rule: "R3", path: "resourcePool.type", message: RESOURCE_POOL_MESSAGES.choose },
    ]);
    expect(validateDeployRequest({ ...validDeployRequest(), resourcePool: "public" }, ctx).issues).toEqual([
      { rule: "R3", path: "resourcePool", message: RESOURCE_POOL_MESSAGES.choose },
    ]);
    const extra = validateDeployRequest({ ...validDeployRequest(), resourcePool: { type: "public", poolIds: [] } }, ctx);
    expect(extra.issues).toHaveLength(1);
    expect(extra.issues[0]).toMatchObject({ rule: "R15", path: "resourcePool.poolIds" });
  });
});
