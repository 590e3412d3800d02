import { describe, expect, it } from "vitest";
import { fixtureContext, flavors, pools, validDeployRequest, versions } from "../testing/index.ts";
import { SERVICE_LIMIT_MESSAGE } from "./r01-service-limit.ts";
import { DESCRIPTION_MESSAGES, NAME_MESSAGES } from "./r02-name.ts";
import { RESOURCE_POOL_MESSAGES } from "./r03-resource-pool.ts";
import { MULTI_POOL_MESSAGES } from "./r04-multi-pool.ts";
import { TIMEOUT_MESSAGE } from "./r09-timeout.ts";
import { VERSION_MESSAGES } from "./r05-versions.ts";
import { SPECIFICATION_MESSAGES } from "./r06-specifications.ts";
import { COMPUTE_NODES_MESSAGES } from "./r07-compute-nodes.ts";
import { ENV_VAR_MESSAGES } from "./r08-environment-variables.ts";
import { WEBSOCKET_MESSAGES } from "./r10-websocket.ts";
import { TRAFFIC_LIMIT_MESSAGES } from "./r11-data-collection.ts";
import { QUOTA_MESSAGES, quotaImpact } from "./r12-quota.ts";
import {
  REQUEST_MESSAGES,
  parseFieldByField,
  previewDeploy,
  ruleForPath,
  runDeployRules,
  validateDeployRequest,
} from "./validate-deploy-request.ts";

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

describe("R15 every error in a request at once", () => {
  const conf = (overrides: Record<string, unknown> = {}) => ({
    versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [], ...overrides,
  });
  const issuesFor = (input: unknown, context = ctx) => validateDeployRequest(input, context).issues;

  it("R15 reports a bad timeout and a ratio sum of 90 together (R9 and R5)", () => {
    const input = {
      ...validDeployRequest(),
      timeoutMinutes: "soon",
      configurations: [conf({ trafficRatio: 60 }), conf({ versionId: versions.digitsV2.id, trafficRatio: 30 })],
    };
    expect(issuesFor(input)).toEqual([
      { rule: "R5", path: "configurations", message: VERSION_MESSAGES.ratioSum(90) },
      { rule: "R9", path: "timeoutMinutes", message: TIMEOUT_MESSAGE },
    ]);
  });

  it("R15 reports a bad configurations.1.flavorId and a name already taken together (R6 and R2)", () => {
    const input = {
      ...validDeployRequest(),
      name: "existing-service",
      configurations: [conf({ trafficRatio: 50 }), conf({ versionId: versions.digitsV2.id, trafficRatio: 50, flavorId: 42 })],
    };
    expect(issuesFor(input)).toEqual([
      { rule: "R2", path: "name", message: NAME_MESSAGES.taken("existing-service") },
      { rule: "R6", path: "configurations.1.flavorId", message: SPECIFICATION_MESSAGES.required },
    ]);
  });

  it("R15 reports a bad trafficLimit, a reserved env var name and an unknown field together (R11, R8 and R15)", () => {
    const input = {
      ...validDeployRequest(),
      colour: "red",
      trafficLimit: { requestsPerSecond: 0 },
      configurations: [conf({ envVars: [{ key: "NODE_OPTIONS", value: "--require x" }] })],
    };
    expect(issuesFor(input)).toEqual([
      { rule: "R8", path: "configurations.0.envVars.0.key", message: ENV_VAR_MESSAGES.keyReserved("NODE_OPTIONS") },
      { rule: "R11", path: "trafficLimit.requestsPerSecond", message: TRAFFIC_LIMIT_MESSAGES.requestsPerSecond },
      { rule: "R15", path: "colour", message: REQUEST_MESSAGES.unknownField("colour") },
    ]);
  });

  it("R15 reports a too-long description and a taken name together (R2 checks each on its own)", () => {
    expect(issuesFor({ ...validDeployRequest(), name: "existing-service", description: "d".repeat(101) })).toEqual([
      { rule: "R2", path: "description", message: DESCRIPTION_MESSAGES.tooLong },
      { rule: "R2", path: "name", message: NAME_MESSAGES.taken("existing-service") },
    ]);
  });

  it("R15 reports the slot limit, a taken name and a broken field together (R1, R2)", () => {
    const issues = issuesFor({ ...validDeployRequest(), name: "existing-service", websocket: "yes" }, fixtureContext({ serviceCount: 20 }));
    expect(issues.map((i) => `${i.rule} ${i.path}`)).toEqual(["R1 ", "R2 name", "R10 websocket"]);
    expect(issues[0]?.message).toBe(SERVICE_LIMIT_MESSAGE);
  });

  it("R15 runs rules on the configurations that parsed and skips the fields that did not (R5, R6, R10)", () => {
    const input = {
      ...validDeployRequest(),
      websocket: true,
      timeoutMinutes: 0.5,
      configurations: [
        conf({ versionId: versions.digitsBuilding.id, trafficRatio: 50, flavorId: flavors.gpuGray.id }),
        conf({ versionId: 7, trafficRatio: 50 }),
        "not a configuration",
      ],
    };
    expect(issuesFor(input)).toEqual([
      { rule: "R5", path: "configurations.0.versionId", message: VERSION_MESSAGES.versionNotNormal(versions.digitsBuilding) },
      { rule: "R5", path: "configurations.1.versionId", message: VERSION_MESSAGES.versionRequired },
      { rule: "R5", path: "configurations.2", message: VERSION_MESSAGES.configurationNotObject },
      { rule: "R6", path: "configurations.0.flavorId", message: expect.stringContaining("not available") },
      { rule: "R9", path: "timeoutMinutes", message: TIMEOUT_MESSAGE },
      { rule: "R10", path: "configurations.0.versionId", message: WEBSOCKET_MESSAGES.versionNotCapable(versions.digitsBuilding) },
    ]);
  });

  it("R15 a structural issue is the only one on its path; the others keep theirs (R5)", () => {
    // Eleven configurations: "too many" stands alone on `configurations` (no ratio total there).
    const eleven = Array.from({ length: 11 }, (_, i) => conf({ versionId: `unknown-${i}`, trafficRatio: 1 }));
    const issues = issuesFor({ ...validDeployRequest(), configurations: eleven });
    expect(issues.filter((i) => i.path === "configurations")).toEqual([
      { rule: "R5", path: "configurations", message: VERSION_MESSAGES.tooManyConfigurations },
    ]);
    expect(issues.filter((i) => i.path.endsWith("versionId"))).toHaveLength(11);
  });

  it("R15 totals wait until every configuration's part parsed (R5 ratio sum, R7 capacity, R12 quota)", () => {
    // Over quota and ratios at 60 + 30, but the second ratio and flavor do not parse: a total over
    // the first configuration alone would be wrong, so none is given.
    const input = {
      ...validDeployRequest(),
      configurations: [
        conf({ trafficRatio: 60, flavorId: flavors.cpu8.id, computeNodes: 4 }),
        conf({ versionId: versions.digitsV2.id, trafficRatio: "30", flavorId: null }),
      ],
    };
    expect(issuesFor(input).map((i) => `${i.rule} ${i.path}`)).toEqual([
      "R5 configurations.1.trafficRatio",
      "R6 configurations.1.flavorId",
    ]);
    // With only a top-level field broken, the totals are there.
    const overQuota = { ...validDeployRequest(), timeoutMinutes: 1, configurations: [conf({ trafficRatio: 60, flavorId: flavors.cpu8.id, computeNodes: 4 })] };
    const asked = quotaImpact({ resourcePool: { type: "public" }, configurations: [{ flavorId: flavors.cpu8.id, computeNodes: 4 }] }, ctx);
    expect(issuesFor(overQuota)).toEqual([
      { rule: "R5", path: "configurations", message: VERSION_MESSAGES.singleRatio(60) },
      { rule: "R9", path: "timeoutMinutes", message: TIMEOUT_MESSAGE },
      { rule: "R12", path: "configurations", message: QUOTA_MESSAGES.serviceExceeds(asked) },
    ]);
  });

  it("R15 a rule part that needs a broken field waits, the other parts of the rule run (R3, R4, R7)", () => {
    // multiPoolLoadBalancing broken: R3's pool count and R4 wait; R3's pool and flavor checks do not need it.
    const input = {
      ...validDeployRequest(),
      multiPoolLoadBalancing: "on",
      resourcePool: { type: "dedicated", poolIds: [pools.creating.id, "nope"] },
      configurations: [conf({ flavorId: flavors.cpu2.id, computeNodes: 200 })],
    };
    expect(issuesFor(input)).toEqual([
      { rule: "R3", path: "configurations.0.flavorId", message: RESOURCE_POOL_MESSAGES.flavorNotInPool(pools.creating, flavors.cpu8.name) },
      { rule: "R3", path: "resourcePool.poolIds.0", message: RESOURCE_POOL_MESSAGES.poolNotUsable(pools.creating) },
      { rule: "R3", path: "resourcePool.poolIds.1", message: RESOURCE_POOL_MESSAGES.poolNotFound },
      { rule: "R4", path: "multiPoolLoadBalancing", message: MULTI_POOL_MESSAGES.notBoolean },
      { rule: "R7", path: "configurations.0.computeNodes", message: COMPUTE_NODES_MESSAGES.range },
    ]);
  });

  it("R15 a body that parses gives exactly the issues of the rules on the whole request", () => {
    const request = validDeployRequest({ name: "existing-service", timeoutMinutes: 200 });
    expect(validateDeployRequest(request, ctx).issues).toEqual(runDeployRules(request, ctx));
  });

  it("R15 parseFieldByField keeps exactly the fields that parse, with defaults, configuration by configuration", () => {
    const partial = parseFieldByField({
      name: 5,
      timeoutMinutes: 30,
      colour: "red",
      configurations: [conf({ trafficRatio: -1, envVars: undefined }), 7, , { versionId: "v" }],
    });
    expect(partial).toEqual({
      description: "",
      multiPoolLoadBalancing: false,
      timeoutMinutes: 30,
      websocket: false,
      dataCollection: { enabled: false },
      trafficLimit: null,
      autoStop: null,
      configurations: [
        { versionId: versions.digitsV1.id, trafficRatio: undefined, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] },
        { versionId: undefined, trafficRatio: undefined, flavorId: undefined, computeNodes: undefined, envVars: undefined },
        { versionId: undefined, trafficRatio: undefined, flavorId: undefined, computeNodes: undefined, envVars: undefined },
        { versionId: "v", trafficRatio: undefined, flavorId: undefined, computeNodes: undefined, envVars: [] },
      ],
    });
    expect(parseFieldByField("body")).toEqual({});
  });
});
