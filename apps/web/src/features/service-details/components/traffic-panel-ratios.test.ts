import { MASKED_ENV_VAR_VALUE, VERSION_MESSAGES } from "@rts/contracts";
import { describe, expect, it } from "vitest";
import { serviceDetail } from "../__tests__/service-detail-fixture.ts";
import { checkRatioEdit, configuredRatioTexts, ratioChangeBody, ratioErrorTarget, ratiosChanged, versionRows } from "./traffic-panel-ratios.ts";

const service = serviceDetail();

describe("R5 quick traffic ratio edit", () => {
  it("starts from the configured ratios and accepts whole percents adding up to 100", () => {
    expect(configuredRatioTexts(service)).toEqual({ "v1-id": "70", "v2-id": "30" });
    const check = checkRatioEdit(service, { "v1-id": "40", "v2-id": "60" });
    expect(check).toEqual({ fieldErrors: {}, totalError: null, total: 100, ratios: { "v1-id": 40, "v2-id": 60 } });
    expect(ratiosChanged(service, { "v1-id": 40, "v2-id": 60 })).toBe(true);
    expect(ratiosChanged(service, { "v1-id": 70, "v2-id": 30 })).toBe(false);
  });

  it("R5 says the ratios must add up to 100 with the sum they add up to", () => {
    const check = checkRatioEdit(service, { "v1-id": "60", "v2-id": "30" });
    expect(check.totalError).toBe(VERSION_MESSAGES.ratioSum(90));
    expect(check.total).toBe(90);
    expect(check.ratios).toBeNull();
  });

  it("R5 marks a ratio that is not a whole number from 0 to 100", () => {
    const check = checkRatioEdit(service, { "v1-id": "", "v2-id": "101" });
    expect(check.fieldErrors).toEqual({ "v1-id": VERSION_MESSAGES.trafficRatio, "v2-id": VERSION_MESSAGES.trafficRatio });
    expect(check.totalError).toBeNull();
  });

  it("R16 sends the whole configuration list with masked env values kept masked", () => {
    expect(ratioChangeBody(service, { "v1-id": 50, "v2-id": 50 })).toEqual({
      configurations: [
        { versionId: "v1-id", trafficRatio: 50, flavorId: "cpu-2", computeNodes: 1, envVars: [{ key: "LOG_LEVEL", value: MASKED_ENV_VAR_VALUE }] },
        { versionId: "v2-id", trafficRatio: 50, flavorId: "cpu-2", computeNodes: 2, envVars: [] },
      ],
    });
  });

  it("puts the server's field errors under the version or the total they name", () => {
    expect(ratioErrorTarget(service, "configurations.1.trafficRatio")).toEqual({ versionId: "v2-id" });
    expect(ratioErrorTarget(service, "configurations")).toBe("total");
    expect(ratioErrorTarget(service, "timeoutMinutes")).toBeNull();
  });

  it("labels versions by application and version, including one only the live split still names", () => {
    const draining = serviceDetail({ routing: [...service.routing, { versionId: "v0-id", trafficRatio: 0 }], versions: [...service.versions, { versionId: "v0-id", version: "0.9.0", trafficRatio: 0 }] });
    expect(versionRows(draining).map((row) => row.label)).toEqual(["support-intent 1.0.0", "support-intent 2.0.0", "support-intent 0.9.0"]);
  });
});
