import { describe, expect, it } from "vitest";
import { fixtureContext, flavors, validDeployRequest, versions } from "../testing/index.ts";
import { WEBSOCKET_MESSAGES, websocketAvailability } from "./r10-websocket.ts";
import { validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext();
const wsRequest = (versionId: string = versions.echoWs.id) =>
  validDeployRequest({
    websocket: true,
    configurations: [{ versionId, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] }],
  });

describe("R10 WebSocket", () => {
  it("R10 accepts a WebSocket-compliant container-image version", () => {
    expect(validateDeployRequest(wsRequest(), ctx).ok).toBe(true);
    expect(websocketAvailability([versions.echoWs])).toEqual({ allowed: true });
  });

  it("R10 refuses a version that is not WebSocket-compliant and names it", () => {
    const issues = validateDeployRequest(wsRequest(versions.digitsV1.id), ctx).issues;
    expect(issues).toEqual([
      { rule: "R10", path: "configurations.0.versionId", message: WEBSOCKET_MESSAGES.versionNotCapable(versions.digitsV1) },
    ]);
    expect(issues[0]?.message).toMatch(/1\.0\.0 of "digits" is not WebSocket-compliant/);
  });

  it("R10 refuses a model-package version", () => {
    expect(validateDeployRequest(wsRequest(versions.tabular.id), ctx).issues[0]?.message).toMatch(/model package/);
    expect(websocketAvailability([versions.tabular])).toEqual({
      allowed: false, reason: WEBSOCKET_MESSAGES.versionNotCapable(versions.tabular),
    });
    expect(websocketAvailability([]).allowed).toBe(false);
  });

  it("R10 refuses a traffic limit or data collection on a WebSocket service", () => {
    const req = {
      ...wsRequest(),
      trafficLimit: { requestsPerSecond: 10 },
      dataCollection: { enabled: true, samplingPercent: 10, retentionDays: 7 },
    };
    expect(validateDeployRequest(req, ctx).issues).toEqual([
      { rule: "R10", path: "dataCollection.enabled", message: WEBSOCKET_MESSAGES.noDataCollection },
      { rule: "R10", path: "trafficLimit", message: WEBSOCKET_MESSAGES.noTrafficLimit },
    ]);
  });
});
