import { describe, expect, it } from "vitest";
import { fixtureContext, validDeployRequest } from "../testing/index.ts";
import { checkTimeout } from "./r09-timeout.ts";
import { checkSpecifications } from "./r06-specifications.ts";
import { deployCheck, everyConfigurationHas, inputsParsed, type PartialConfiguration } from "./rule-inputs.ts";
import { issue } from "./rule-issue.ts";
import { DEPLOY_RULES } from "./validate-deploy-request.ts";

const ctx = fixtureContext();
const missing: PartialConfiguration = {
  versionId: undefined, trafficRatio: undefined, flavorId: undefined, computeNodes: undefined, envVars: undefined,
};

describe("R15 rule inputs: a check runs only on fields that parsed", () => {
  it("R15 a check runs when its top-level fields parsed and is silent otherwise (R9)", () => {
    const check = deployCheck("R9", { request: ["timeoutMinutes"] }, checkTimeout);
    expect(check.check({ timeoutMinutes: 1 }, ctx)).toEqual([issue("R9", "timeoutMinutes", expect.any(String))]);
    expect(check.check({ name: "x" }, ctx)).toEqual([]);
    expect(check.check(validDeployRequest({ timeoutMinutes: 200 }), ctx)).toHaveLength(1);
  });

  it("R15 a check that reads configuration fields needs the list, not every field of it (R6)", () => {
    const check = deployCheck("R6", { configuration: ["flavorId"] }, checkSpecifications);
    expect(inputsParsed({}, check.reads)).toBe(false);
    expect(inputsParsed({ configurations: [] }, check.reads)).toBe(true);
    expect(check.check({ configurations: [missing, { ...missing, flavorId: "nope" }] }, ctx)).toEqual([
      issue("R6", "configurations.1.flavorId", expect.any(String)),
    ]);
  });

  it("R15 everyConfigurationHas tells whether a total over the configurations can be made (R5, R7, R12)", () => {
    expect(everyConfigurationHas([{ ...missing, computeNodes: 1 }], "computeNodes")).toBe(true);
    expect(everyConfigurationHas([{ ...missing, computeNodes: 1 }, missing], "computeNodes")).toBe(false);
    expect(everyConfigurationHas([{ ...missing, computeNodes: 1, flavorId: "f" }], "computeNodes", "flavorId")).toBe(true);
    expect(everyConfigurationHas([], "computeNodes")).toBe(true);
  });

  it("R15 every deploy rule R1-R12 has at least one check with its inputs declared", () => {
    const rules = new Set(DEPLOY_RULES.map((r) => r.rule));
    expect([...rules]).toEqual(["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12"]);
    for (const { reads } of DEPLOY_RULES) {
      expect(Array.isArray(reads.request) && Array.isArray(reads.configuration)).toBe(true);
    }
  });

  it("R15 the compiler refuses a check that reads a field it does not declare", () => {
    // Type-level: `pnpm typecheck` fails if these stop being errors.
    // @ts-expect-error checkTimeout reads timeoutMinutes, which is not declared.
    deployCheck("R9", { request: ["websocket"] }, checkTimeout);
    // @ts-expect-error checkSpecifications reads each configuration's flavorId, which is not declared.
    deployCheck("R6", { configuration: ["versionId"] }, checkSpecifications);
    expect(true).toBe(true);
  });
});
