import { describe, expect, it } from "vitest";
import { fixtureContext, flavors, validDeployRequest, versions } from "../testing/index.ts";
import { SPECIFICATION_MESSAGES, SYSTEM_OVERHEAD_NOTE } from "./r06-specifications.ts";
import { validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext();
const withFlavor = (flavorId: unknown) =>
  validateDeployRequest(
    {
      ...validDeployRequest(),
      configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId, computeNodes: 1, envVars: [] }],
    },
    ctx,
  ).issues;

describe("R6 specifications", () => {
  it("R6 accepts an available flavor", () => {
    expect(withFlavor(flavors.gpu1.id)).toEqual([]);
  });

  it("R6 refuses a gray flavor, saying it is not available in this environment", () => {
    const issues = withFlavor(flavors.gpuGray.id);
    expect(issues).toContainEqual({
      rule: "R6", path: "configurations.0.flavorId", message: SPECIFICATION_MESSAGES.unavailable(flavors.gpuGray),
    });
    expect(issues.find((i) => i.rule === "R6")?.message).toMatch(/not available in this environment/);
  });

  it("R6 refuses an unknown, empty or missing flavor", () => {
    expect(withFlavor("nope")).toEqual([{ rule: "R6", path: "configurations.0.flavorId", message: SPECIFICATION_MESSAGES.notFound }]);
    expect(withFlavor("")).toEqual([{ rule: "R6", path: "configurations.0.flavorId", message: SPECIFICATION_MESSAGES.required }]);
    expect(withFlavor(undefined)).toEqual([{ rule: "R6", path: "configurations.0.flavorId", message: SPECIFICATION_MESSAGES.required }]);
  });

  it("R6 explains the system overhead", () => {
    expect(SYSTEM_OVERHEAD_NOTE).toMatch(/slightly greater than the selected specification/);
  });
});
