import { describe, expect, it } from "vitest";
import { fixtureContext, flavors, pools, validDeployRequest, validMultiPoolRequest, versions } from "../testing/index.ts";
import { COMPUTE_NODES_MESSAGES, computeMode } from "./r07-compute-nodes.ts";
import { validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext({ quota: { limit: { vcpus: 1000, memoryGiB: 4000, gpus: 10 }, used: { vcpus: 0, memoryGiB: 0, gpus: 0 } } });
const withNodes = (computeNodes: unknown) =>
  validateDeployRequest(
    {
      ...validDeployRequest(),
      configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes, envVars: [] }],
    },
    ctx,
  ).issues;

describe("R7 compute nodes", () => {
  it("R7 accepts 1 (standalone) to 128 (distributed)", () => {
    expect(withNodes(1)).toEqual([]);
    expect(withNodes(128)).toEqual([]);
    expect(computeMode(1)).toBe("standalone");
    expect(computeMode(2)).toBe("distributed");
  });

  it.each([0, -1, 129, 1.5, "2", Number.NaN, Infinity, 2 ** 60])("R7 refuses %j compute nodes", (n) => {
    expect(withNodes(n)).toEqual([{ rule: "R7", path: "configurations.0.computeNodes", message: COMPUTE_NODES_MESSAGES.range }]);
  });

  it("R7 refuses more nodes than the dedicated pool has free", () => {
    const req = validDeployRequest({
      resourcePool: { type: "dedicated", poolIds: [pools.newA.id] },
      configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu8.id, computeNodes: 5, envVars: [] }],
    });
    expect(validateDeployRequest(req, ctx).issues).toEqual([
      { rule: "R7", path: "configurations", message: COMPUTE_NODES_MESSAGES.poolCapacity(pools.newA, 5) },
    ]);
  });

  it("R7 gives each pool half of the nodes with multi-pool load balancing", () => {
    const fits = validMultiPoolRequest({
      configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu8.id, computeNodes: 4, envVars: [] }],
    });
    expect(validateDeployRequest(fits, ctx).ok).toBe(true);
    const tooMany = validMultiPoolRequest({
      configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu8.id, computeNodes: 6, envVars: [] }],
    });
    expect(validateDeployRequest(tooMany, ctx).issues).toEqual([
      { rule: "R7", path: "configurations", message: COMPUTE_NODES_MESSAGES.poolCapacity(pools.newB, 3) },
    ]);
  });
});

describe("R7 public pool capacity", () => {
  const capacity = { vcpus: 8, memoryGiB: 32, freeVcpus: 4, freeMemoryGiB: 16 };
  const onMachine = fixtureContext({
    quota: { limit: { vcpus: 1000, memoryGiB: 4000, gpus: 10 }, used: { vcpus: 0, memoryGiB: 0, gpus: 0 } },
    pools: [{ ...pools.public, capacity }, pools.newA],
  });
  const publicRequest = (computeNodes: number) =>
    validateDeployRequest(
      {
        ...validDeployRequest(),
        configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes, envVars: [] }],
      },
      onMachine,
    ).issues;

  it("R7 accepts what fits in the machine's free vCPUs and memory", () => {
    expect(publicRequest(2)).toEqual([]);
  });

  it("R7 refuses a public-pool request the machine has no room for, saying what is needed and free", () => {
    expect(publicRequest(3)).toEqual([
      { rule: "R7", path: "configurations", message: COMPUTE_NODES_MESSAGES.publicCapacity(capacity, { vcpus: 6, memoryGiB: 24 }) },
    ]);
  });
});
