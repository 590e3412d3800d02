import { describe, expect, it } from "vitest";
import { fixtureContext, flavors, pools, quota, validDeployRequest, versions } from "../testing/index.ts";
import { QUOTA_MESSAGES, poolQuotaImpact, poolQuotaRefusal, quotaImpact } from "./r12-quota.ts";
import { validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext();
const publicRequest = (flavorId: string, computeNodes: number) =>
  validDeployRequest({
    configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId, computeNodes, envVars: [] }],
  });

describe("R12 quota", () => {
  it("R12 accepts a public-pool deploy that fits and reports what it takes", () => {
    const req = publicRequest(flavors.cpu2.id, 3);
    expect(validateDeployRequest(req, ctx).ok).toBe(true);
    expect(quotaImpact(req, ctx)).toEqual({
      asked: { vcpus: 6, memoryGiB: 24, gpus: 0 },
      used: quota.used,
      limit: quota.limit,
      left: { vcpus: 12, memoryGiB: 48, gpus: 1 },
      fits: true,
      holdsQuota: true,
    });
  });

  it("R12 refuses a public-pool deploy over quota and says used, asked, left and what frees quota", () => {
    const req = publicRequest(flavors.cpu8.id, 2);
    const impact = quotaImpact(req, ctx);
    expect(impact.fits).toBe(false);
    const issues = validateDeployRequest(req, ctx).issues;
    expect(issues).toEqual([{ rule: "R12", path: "configurations", message: QUOTA_MESSAGES.serviceExceeds(impact) }]);
    const m = issues[0]?.message ?? "";
    expect(m).toContain("you use 4 vCPUs, 16 GiB memory and 0 GPUs");
    expect(m).toContain("asks for 16 vCPUs, 64 GiB memory and 0 GPUs");
    expect(m).toContain("only 12 vCPUs, 48 GiB memory and 1 GPU are left");
    expect(m).toMatch(/Stopped, Abnormal and Failed/);
    expect(m).toMatch(/dedicated resource pool/);
  });

  it("R12 counts GPUs separately", () => {
    expect(quotaImpact(publicRequest(flavors.gpu1.id, 1), ctx).fits).toBe(true);
    expect(quotaImpact(publicRequest(flavors.gpu1.id, 2), ctx).fits).toBe(false);
  });

  it("R12 accepts any size in a dedicated pool: it holds no quota", () => {
    const req = validDeployRequest({
      resourcePool: { type: "dedicated", poolIds: [pools.newA.id] },
      configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu8.id, computeNodes: 4, envVars: [] }],
    });
    const full = fixtureContext({ quota: { limit: quota.limit, used: quota.limit } });
    expect(quotaImpact(req, full)).toMatchObject({ asked: { vcpus: 0, memoryGiB: 0, gpus: 0 }, fits: true, holdsQuota: false });
    expect(validateDeployRequest(req, full).ok).toBe(true);
  });

  it("R12 refuses a pool that does not fit and accepts shrinking", () => {
    const grow = poolQuotaImpact({ flavor: flavors.cpu8, nodeCount: 2 }, quota);
    expect(grow).toMatchObject({ asked: { vcpus: 16, memoryGiB: 64, gpus: 0 }, fits: false, holdsQuota: true });
    expect(poolQuotaRefusal(grow)).toBe(QUOTA_MESSAGES.poolExceeds(grow));
    const resize = poolQuotaImpact({ flavor: flavors.cpu8, nodeCount: 2, currentNodeCount: 1 }, quota);
    expect(resize.asked.vcpus).toBe(8);
    expect(poolQuotaRefusal(resize)).toBeNull();
    const shrink = poolQuotaImpact({ flavor: flavors.cpu8, nodeCount: 1, currentNodeCount: 4 }, quota);
    expect(shrink.fits).toBe(true);
  });
});
