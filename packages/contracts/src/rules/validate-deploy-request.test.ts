import { describe, expect, it } from "vitest";
import { fixtureContext, flavors, validDeployRequest, versions } from "../testing/index.ts";
import { NAME_MESSAGES } from "./r02-name.ts";
import { TIMEOUT_MESSAGE } from "./r09-timeout.ts";
import { VERSION_MESSAGES } from "./r05-versions.ts";
import { ENV_VAR_MESSAGES } from "./r08-environment-variables.ts";
import { REQUEST_MESSAGES, previewDeploy, ruleForPath, validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext();

describe("R15 validateDeployRequest", () => {
  it("R15 accepts a valid request and returns it with defaults applied", () => {
    const { description: _d, multiPoolLoadBalancing: _m, websocket: _w, ...minimal } = validDeployRequest();
    const result = validateDeployRequest(minimal, ctx);
    expect(result).toEqual({ ok: true, value: { ...validDeployRequest(), description: "" }, issues: [] });
  });

  it.each([null, undefined, [], "body", 42, true])("R15 refuses a body that is not an object: %j", (input) => {
    expect(validateDeployRequest(input, ctx)).toEqual({
      ok: false, issues: [{ rule: "R15", path: "", message: REQUEST_MESSAGES.notAnObject }],
    });
  });

  it("R15 refuses unknown fields at the field that is misspelled", () => {
    const input = { ...validDeployRequest(), timeout: 20, configurations: [{ ...validDeployRequest().configurations[0], flavourId: "x" }] };
    expect(validateDeployRequest(input, ctx).issues).toEqual([
      { rule: "R15", path: "configurations.0.flavourId", message: REQUEST_MESSAGES.unknownField("flavourId") },
      { rule: "R15", path: "timeout", message: REQUEST_MESSAGES.unknownField("timeout") },
    ]);
  });

  it("R15 refuses prototype-pollution keys without polluting anything", () => {
    const input = JSON.parse(`{"name":"ok","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`);
    const result = validateDeployRequest(input, ctx);
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["__proto__", "constructor"]));
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("R15 collects every issue across rules, sorted by rule then path, with indexes in numeric order", () => {
    const envVars = Array.from({ length: 11 }, (_, i) => ({ key: i === 2 || i === 10 ? "bad key" : `K${i}`, value: "v" }));
    const configurations = [
      { versionId: versions.digitsV1.id, trafficRatio: 500, flavorId: flavors.cpu2.id, computeNodes: 1, envVars },
    ];
    const result = validateDeployRequest({ ...validDeployRequest(), name: "9lives", timeoutMinutes: 1, configurations }, ctx);
    expect(result.issues).toEqual([
      { rule: "R2", path: "name", message: NAME_MESSAGES.format },
      { rule: "R5", path: "configurations.0.trafficRatio", message: VERSION_MESSAGES.trafficRatio },
      { rule: "R8", path: "configurations.0.envVars.2.key", message: ENV_VAR_MESSAGES.keyFormat },
      { rule: "R8", path: "configurations.0.envVars.10.key", message: ENV_VAR_MESSAGES.keyFormat },
      { rule: "R9", path: "timeoutMinutes", message: TIMEOUT_MESSAGE },
    ]);
  });

  it("R15 contextual rules report all problems at once, deduplicated", () => {
    const result = validateDeployRequest(
      validDeployRequest({
        name: "existing-service",
        configurations: [
          { versionId: versions.digitsBuilding.id, trafficRatio: 60, flavorId: flavors.gpuGray.id, computeNodes: 1, envVars: [] },
          { versionId: versions.digitsV2.id, trafficRatio: 30, flavorId: flavors.gpuGray.id, computeNodes: 1, envVars: [] },
        ],
      }),
      ctx,
    );
    expect(result.issues.map((i) => `${i.rule} ${i.path}`)).toEqual([
      "R2 name",
      "R5 configurations",
      "R5 configurations.0.versionId",
      "R6 configurations.0.flavorId",
      "R6 configurations.1.flavorId",
      "R12 configurations",
    ]);
  });

  it("R15 attributes fields to their rules", () => {
    expect(ruleForPath(["configurations", "0", "envVars", "2", "key"])).toBe("R8");
    expect(ruleForPath(["configurations", "0", "computeNodes"])).toBe("R7");
    expect(ruleForPath(["configurations", "0", "other"])).toBe("R15");
    expect(ruleForPath(["constructor"])).toBe("R15");
    expect(ruleForPath(["toString"])).toBe("R15");
  });

  it("R15 previewDeploy gives quota, cost and warnings for a valid request and nulls when unreadable", () => {
    const ok = previewDeploy(validDeployRequest(), ctx);
    expect(ok).toMatchObject({ valid: true, issues: [], hourlyCostCents: 12, warnings: [] });
    expect(ok.quota?.asked).toEqual({ vcpus: 2, memoryGiB: 8, gpus: 0 });
    const bad = previewDeploy({ configurations: [{ envVars: [{ key: "API_TOKEN", value: "x" }] }] }, ctx);
    expect(bad.valid).toBe(false);
    expect(bad.quota).toBeNull();
    expect(bad.hourlyCostCents).toBeNull();
    expect(bad.warnings.length).toBe(2);
  });
});
