import { describe, expect, it } from "vitest";
import { fixtureContext, flavors, pools, validDeployRequest, validMultiPoolRequest, versions } from "../testing/index.ts";
import { MULTI_POOL_MESSAGES } from "./r04-multi-pool.ts";
import { validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext();
const withPools = (poolIds: string[], computeNodes = 2) =>
  validMultiPoolRequest({
    resourcePool: { type: "dedicated", poolIds },
    configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu8.id, computeNodes, envVars: [] }],
  });

describe("R4 multi-pool load balancing", () => {
  it("R4 accepts two Running new pools with the same flavor and an even node count", () => {
    expect(validateDeployRequest(validMultiPoolRequest(), ctx)).toMatchObject({ ok: true });
  });

  it("R4 refuses multi-pool load balancing on the public pool", () => {
    expect(validateDeployRequest(validDeployRequest({ multiPoolLoadBalancing: true }), ctx).issues).toEqual([
      { rule: "R4", path: "multiPoolLoadBalancing", message: MULTI_POOL_MESSAGES.publicPool },
    ]);
  });

  it("R4 refuses one pool, or the same pool twice", () => {
    expect(validateDeployRequest(withPools([pools.newA.id]), ctx).issues).toEqual([
      { rule: "R4", path: "resourcePool.poolIds", message: MULTI_POOL_MESSAGES.twoPools(1) },
    ]);
    expect(validateDeployRequest(withPools([pools.newA.id, pools.newA.id]), ctx).issues).toEqual([
      { rule: "R4", path: "resourcePool.poolIds", message: MULTI_POOL_MESSAGES.twoPools(1) },
    ]);
  });

  it("R4 refuses pools of different generations", () => {
    expect(validateDeployRequest(withPools([pools.newA.id, pools.old.id]), ctx).issues).toEqual([
      { rule: "R4", path: "resourcePool.poolIds", message: MULTI_POOL_MESSAGES.sameGeneration(pools.newA, pools.old) },
    ]);
    expect(MULTI_POOL_MESSAGES.sameGeneration(pools.newA, pools.old)).toMatch(/is a new-version pool and ".+" is an old-version pool\.$/);
  });

  it("R4 refuses pools with different flavors", () => {
    const issues = validateDeployRequest(withPools([pools.newA.id, pools.big.id]), ctx).issues;
    expect(issues).toContainEqual({
      rule: "R4", path: "resourcePool.poolIds", message: MULTI_POOL_MESSAGES.sameFlavor(pools.newA, pools.big),
    });
  });

  it.each([1, 3])("R4 refuses %i compute nodes (must be even and at least 2)", (n) => {
    expect(validateDeployRequest(withPools([pools.newA.id, pools.newB.id], n), ctx).issues).toEqual([
      { rule: "R4", path: "configurations.0.computeNodes", message: MULTI_POOL_MESSAGES.evenNodes },
    ]);
  });
});
