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
    expect(websocketAvailability([versions.echoWs])).toEqual({ allowed: true, required: false });
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
      allowed: false, required: false, reason: WEBSOCKET_MESSAGES.versionNotCapable(versions.tabular),
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

  it("R10 refuses a WebSocket-only version in an HTTP service, on the version field, saying how to fix it", () => {
    const request = { ...wsRequest(versions.streamOnly.id), websocket: false };
    const issues = validateDeployRequest(request, ctx).issues;
    expect(issues).toEqual([
      { rule: "R10", path: "configurations.0.versionId", message: WEBSOCKET_MESSAGES.versionNeedsWebsocket(versions.streamOnly) },
    ]);
    expect(issues[0]?.message).toBe(
      'Version 1.0.0 of "stream-only" speaks only WebSocket, so an HTTP service would answer every call with 426 Upgrade Required. Turn WebSocket on (it cannot be changed after deploy), or choose a version that answers HTTP.',
    );
  });

  it("R10 accepts a WebSocket-only version in a WebSocket service", () => {
    expect(validateDeployRequest(wsRequest(versions.streamOnly.id), ctx).ok).toBe(true);
  });

  it("R10 an HTTP service may still use a version that speaks WebSocket besides HTTP", () => {
    expect(validateDeployRequest({ ...wsRequest(versions.echoWs.id), websocket: false }, ctx).ok).toBe(true);
  });

  it("R10 requires the WebSocket switch for a WebSocket-only version, and says so", () => {
    expect(websocketAvailability([versions.streamOnly])).toEqual({
      allowed: true, required: true, reason: WEBSOCKET_MESSAGES.requiredOn(versions.streamOnly),
    });
    expect(WEBSOCKET_MESSAGES.requiredOn(versions.streamOnly)).toMatch(/^WebSocket is on because version 1\.0\.0 of "stream-only" speaks only WebSocket/);
  });

  it("R10 names both versions when a WebSocket-only one is mixed with one that cannot serve WebSocket, either way the switch is set", () => {
    expect(websocketAvailability([versions.streamOnly, versions.tabular])).toEqual({
      allowed: false, required: true, reason: WEBSOCKET_MESSAGES.cannotMix(versions.streamOnly, versions.tabular),
    });
    const configurations = [
      { versionId: versions.streamOnly.id, trafficRatio: 50, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] },
      { versionId: versions.tabular.id, trafficRatio: 50, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] },
    ];
    const r10 = (websocket: boolean) =>
      validateDeployRequest(validDeployRequest({ websocket, configurations }), ctx).issues.filter((i) => i.rule === "R10");
    expect(r10(false)).toEqual([
      { rule: "R10", path: "configurations.0.versionId", message: WEBSOCKET_MESSAGES.versionNeedsWebsocket(versions.streamOnly) },
    ]);
    expect(r10(true)).toEqual([
      { rule: "R10", path: "configurations.1.versionId", message: WEBSOCKET_MESSAGES.versionNotCapable(versions.tabular) },
    ]);
  });
});
