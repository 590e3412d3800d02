import { describe, expect, it } from "vitest";
import { MASKED_ENV_VAR_VALUE } from "./rules/r08-environment-variables.ts";
import { contextForModify, describeChanges, MODIFY_MESSAGES, previewModify, validateModifyRequest } from "./modify-request.ts";
import { effectiveAutoStopHours } from "./rules/r17-auto-stop.ts";
import { fixtureContext, flavors, pools, validDeployRequest, versions } from "./testing/fixtures.ts";

const ctx = fixtureContext();
const current = validDeployRequest({
  configurations: [
    { versionId: versions.digitsV1.id, trafficRatio: 80, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [{ key: "GREETING", value: "hi" }] },
    { versionId: versions.digitsV2.id, trafficRatio: 20, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] },
  ],
});
const ratios = (a: number, b: number) => [
  { ...current.configurations[0]!, trafficRatio: a },
  { ...current.configurations[1]!, trafficRatio: b },
];

describe("R16 validateModifyRequest", () => {
  it("R16 judges the service's own name, slot and quota as its own: an unchanged service is a valid base", () => {
    const full = fixtureContext({ serviceCount: 20, existingServiceNames: [current.name] });
    expect(validateModifyRequest({ description: "new words" }, current, full).ok).toBe(true);
  });

  it("R16 fixed fields and unknown fields are refused by name, with the rules' other issues, all at once", () => {
    const verdict = validateModifyRequest({ websocket: true, resourcePool: { type: "public" }, size: 3, configurations: ratios(80, 10) }, current, ctx);
    expect(verdict.ok).toBe(false);
    expect(verdict.issues.map((i) => [i.rule, i.path])).toEqual(
      expect.arrayContaining([
        ["R10", "websocket"],
        ["R16", "resourcePool"],
        ["R15", "size"],
        ["R5", "configurations"],
      ]),
    );
  });

  it("R16 a masked env var value keeps the current one; an empty change says there is nothing to change", () => {
    const masked = validateModifyRequest(
      { configurations: [{ ...current.configurations[0]!, envVars: [{ key: "GREETING", value: MASKED_ENV_VAR_VALUE }] }, current.configurations[1]] },
      current,
      ctx,
    );
    expect(masked.ok && masked.value.configurations[0]!.envVars).toEqual([{ key: "GREETING", value: "hi" }]);
    const empty = validateModifyRequest({}, current, ctx);
    expect(empty.issues).toEqual([{ rule: "R16", path: "", message: MODIFY_MESSAGES.nothingToChange }]);
  });

  it("R12 scaling past the quota gives the modify sentence: what the others use, what the service holds and would hold", () => {
    const verdict = validateModifyRequest({ configurations: [{ ...current.configurations[0]!, computeNodes: 8 }, current.configurations[1]] }, current, ctx);
    const quota = verdict.issues.find((i) => i.rule === "R12");
    expect(quota?.path).toBe("configurations");
    expect(quota?.message).toContain("this service holds 4 vCPUs, 16 GiB memory and 0 GPUs and would hold 18 vCPUs");
  });

  it("R7 a dedicated service's own nodes count as free when it scales within its pool", () => {
    const dedicated = validDeployRequest({
      resourcePool: { type: "dedicated", poolIds: [pools.newB.id] },
      configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu8.id, computeNodes: 2, envVars: [] }],
    });
    // pool-new-b has 4 nodes, 2 free: the service's own 2 plus the 2 free make room for 4.
    expect(contextForModify(ctx, dedicated).pools.find((p) => p.id === pools.newB.id)?.freeNodes).toBe(4);
    const four = validateModifyRequest({ configurations: [{ ...dedicated.configurations[0]!, computeNodes: 4 }] }, dedicated, ctx);
    expect(four.ok).toBe(true);
    const five = validateModifyRequest({ configurations: [{ ...dedicated.configurations[0]!, computeNodes: 5 }] }, dedicated, ctx);
    expect(five.issues.map((i) => i.rule)).toContain("R7");
  });
});

describe("R16 describeChanges", () => {
  it("R16 a ratio change applies at once; a flavor or env change restarts; nodes start or stop instances", () => {
    expect(describeChanges(current, { ...current, configurations: ratios(0, 100) }, ctx)).toMatchObject({ restarts: false, appliesAtOnce: true });
    const flavor = describeChanges(current, { ...current, configurations: [{ ...current.configurations[0]!, flavorId: flavors.cpu8.id }, current.configurations[1]!] }, ctx);
    expect(flavor).toMatchObject({ restarts: true, startsInstances: true, stopsInstances: true, appliesAtOnce: false });
    expect(flavor.changes[0]).toEqual({ field: "configurations.0.flavorId", label: "Specifications of digits 1.0.0", from: flavors.cpu2.name, to: flavors.cpu8.name });
    const env = describeChanges(current, { ...current, configurations: [{ ...current.configurations[0]!, envVars: [{ key: "GREETING", value: "bye" }] }, current.configurations[1]!] }, ctx);
    expect(env.restarts).toBe(true);
    const scale = describeChanges(current, { ...current, configurations: [{ ...current.configurations[0]!, computeNodes: 3 }, current.configurations[1]!] }, ctx);
    expect(scale).toMatchObject({ restarts: false, startsInstances: true, stopsInstances: false, appliesAtOnce: false });
    const removed = describeChanges(current, { ...current, configurations: [{ ...current.configurations[0]!, trafficRatio: 100 }] }, ctx);
    expect(removed.changes.map((c) => c.label)).toContain("Removed digits 2.0.0");
    expect(removed.stopsInstances).toBe(true);
  });

  it("R16 masked values on either side compare as unchanged", () => {
    const masked = { ...current, configurations: [{ ...current.configurations[0]!, envVars: [{ key: "GREETING", value: MASKED_ENV_VAR_VALUE }] }, current.configurations[1]!] };
    expect(describeChanges(masked, masked, ctx).changes).toEqual([]);
  });
});

describe("R16 previewModify and R17", () => {
  it("R16 the preview gives the quota and hourly cost difference", () => {
    const preview = previewModify({ configurations: [{ ...current.configurations[0]!, computeNodes: 2 }, current.configurations[1]] }, current, ctx, 4);
    expect(preview.valid).toBe(true);
    expect(preview.revision).toBe(4);
    expect(preview.quota?.difference).toEqual({ vcpus: 2, memoryGiB: 8, gpus: 0 });
    expect(preview.hourlyCostCents).toEqual({ before: 24, after: 36, difference: 12 });
  });

  it("R17 a free specification stops after one hour whatever was asked", () => {
    const free = validDeployRequest({ configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpuFree.id, computeNodes: 1, envVars: [] }] });
    expect(effectiveAutoStopHours({ ...free, autoStop: null }, ctx)).toBe(1);
    expect(effectiveAutoStopHours({ ...free, autoStop: { hours: 6 } }, ctx)).toBe(1);
    expect(effectiveAutoStopHours({ ...current, autoStop: { hours: 6 } }, ctx)).toBe(6);
    expect(effectiveAutoStopHours({ ...current, autoStop: null }, ctx)).toBeNull();
  });
});
