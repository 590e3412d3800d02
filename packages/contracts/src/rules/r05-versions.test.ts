import { describe, expect, it } from "vitest";
import type { VersionConfiguration } from "../deploy-request.ts";
import { fixtureContext, flavors, validDeployRequest, versions } from "../testing/index.ts";
import { VERSION_MESSAGES, trafficRatioSumMessage } from "./r05-versions.ts";
import { validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext();
const conf = (versionId: string, trafficRatio: number, flavorId: string = flavors.cpu2.id): VersionConfiguration => ({
  versionId, trafficRatio, flavorId, computeNodes: 1, envVars: [],
});
const issuesFor = (configurations: unknown) =>
  validateDeployRequest({ ...validDeployRequest(), configurations }, ctx).issues;

describe("R5 versions and traffic ratios", () => {
  it("R5 accepts two Normal versions of one application whose ratios sum to 100", () => {
    expect(issuesFor([conf(versions.digitsV1.id, 70), conf(versions.digitsV2.id, 30)])).toEqual([]);
    expect(issuesFor([conf(versions.digitsV1.id, 100), conf(versions.digitsV2.id, 0)])).toEqual([]);
  });

  it("R5 refuses ratios that do not sum to 100 and says the actual sum", () => {
    expect(issuesFor([conf(versions.digitsV1.id, 60), conf(versions.digitsV2.id, 30)])).toEqual([
      { rule: "R5", path: "configurations", message: VERSION_MESSAGES.ratioSum(90) },
    ]);
    expect(VERSION_MESSAGES.ratioSum(90)).toContain("90%");
  });

  it("R5 refuses a single version with less than 100%", () => {
    expect(issuesFor([conf(versions.digitsV1.id, 50)])).toEqual([
      { rule: "R5", path: "configurations", message: VERSION_MESSAGES.singleRatio(50) },
    ]);
  });

  it.each([-1, 101, 50.5, "50", null])("R5 refuses the traffic ratio %j", (ratio) => {
    const issues = issuesFor([{ ...conf(versions.digitsV1.id, 100), trafficRatio: ratio }]);
    expect(issues).toEqual([{ rule: "R5", path: "configurations.0.trafficRatio", message: VERSION_MESSAGES.trafficRatio }]);
  });

  it("R5 refuses no configuration and more than ten", () => {
    expect(issuesFor([])).toEqual([{ rule: "R5", path: "configurations", message: VERSION_MESSAGES.noConfigurations }]);
    const eleven = Array.from({ length: 11 }, () => conf(versions.digitsV1.id, 0));
    const issues = issuesFor(eleven);
    expect(issues[0]).toEqual({ rule: "R5", path: "configurations", message: VERSION_MESSAGES.tooManyConfigurations });
    // R15: the list is too long, and each configuration is still checked (the same version ten times more).
    expect(issues.slice(1)).toEqual(
      Array.from({ length: 10 }, (_, i) => ({
        rule: "R5",
        path: `configurations.${i + 1}.versionId`,
        message: VERSION_MESSAGES.duplicateVersion(0),
      })),
    );
  });

  it("R5 refuses unknown versions and names the state of non-Normal ones", () => {
    expect(issuesFor([conf("ver-of-another-user", 100)])).toEqual([
      { rule: "R5", path: "configurations.0.versionId", message: VERSION_MESSAGES.versionNotFound },
    ]);
    const building = issuesFor([conf(versions.digitsBuilding.id, 100)]);
    expect(building).toEqual([
      { rule: "R5", path: "configurations.0.versionId", message: VERSION_MESSAGES.versionNotNormal(versions.digitsBuilding) },
    ]);
    expect(building[0]?.message).toMatch(/Building/);
    expect(issuesFor([conf(versions.digitsFailed.id, 100)])[0]?.message).toMatch(/Failed/);
  });

  it("R5 refuses versions of different applications and the same version twice", () => {
    expect(issuesFor([conf(versions.digitsV1.id, 50), conf(versions.echoWs.id, 50)])).toEqual([
      { rule: "R5", path: "configurations.1.versionId", message: VERSION_MESSAGES.mixedApplications(versions.echoWs, "digits") },
    ]);
    expect(issuesFor([conf(versions.digitsV1.id, 50), conf(versions.digitsV1.id, 50)])).toEqual([
      { rule: "R5", path: "configurations.1.versionId", message: VERSION_MESSAGES.duplicateVersion(0) },
    ]);
  });

  it("R5 refuses gray launch on a free flavor but accepts one version on it", () => {
    expect(issuesFor([conf(versions.digitsV1.id, 100, flavors.cpuFree.id)])).toEqual([]);
    expect(issuesFor([conf(versions.digitsV1.id, 50, flavors.cpuFree.id), conf(versions.digitsV2.id, 50)])).toEqual([
      { rule: "R5", path: "configurations", message: VERSION_MESSAGES.freeFlavorSingleVersion(flavors.cpuFree.name) },
    ]);
  });

  it("R5 trafficRatioSumMessage stays quiet while a ratio is invalid (the field error says it)", () => {
    expect(trafficRatioSumMessage([50, 1.5])).toBeNull();
    expect(trafficRatioSumMessage([100])).toBeNull();
  });
});
