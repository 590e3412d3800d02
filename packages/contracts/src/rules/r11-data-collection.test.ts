import { describe, expect, it } from "vitest";
import { fixtureContext, validDeployRequest } from "../testing/index.ts";
import { DATA_COLLECTION_DEFAULTS, DATA_COLLECTION_MESSAGES, TRAFFIC_LIMIT_MESSAGES } from "./r11-data-collection.ts";
import { validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext();
const issuesFor = (patch: Record<string, unknown>) => validateDeployRequest({ ...validDeployRequest(), ...patch }, ctx).issues;

describe("R11 data collection and traffic limit", () => {
  it("R11 accepts collection off by default, on with sampling and retention, and a traffic limit", () => {
    const { dataCollection: _d, trafficLimit: _t, ...rest } = validDeployRequest();
    const result = validateDeployRequest(rest, ctx);
    expect(result.ok && result.value.dataCollection).toEqual({ enabled: false });
    expect(result.ok && result.value.trafficLimit).toBeNull();
    expect(issuesFor({ dataCollection: { enabled: true, samplingPercent: 100, retentionDays: 30 } })).toEqual([]);
    expect(issuesFor({ trafficLimit: { requestsPerSecond: 10000 } })).toEqual([]);
  });

  it("R11 accepts the defaults a form offers when collection is switched on", () => {
    expect(issuesFor({ dataCollection: { enabled: true, ...DATA_COLLECTION_DEFAULTS } })).toEqual([]);
  });

  it("R11 refuses collection on without sampling rate and retention", () => {
    expect(issuesFor({ dataCollection: { enabled: true } })).toEqual([
      { rule: "R11", path: "dataCollection.retentionDays", message: DATA_COLLECTION_MESSAGES.retentionDays },
      { rule: "R11", path: "dataCollection.samplingPercent", message: DATA_COLLECTION_MESSAGES.samplingPercent },
    ]);
  });

  it("R11 refuses out-of-range sampling, retention and requests per second", () => {
    expect(issuesFor({ dataCollection: { enabled: true, samplingPercent: 0, retentionDays: 31 } })).toEqual([
      { rule: "R11", path: "dataCollection.retentionDays", message: DATA_COLLECTION_MESSAGES.retentionDays },
      { rule: "R11", path: "dataCollection.samplingPercent", message: DATA_COLLECTION_MESSAGES.samplingPercent },
    ]);
    expect(issuesFor({ trafficLimit: { requestsPerSecond: 0 } })).toEqual([
      { rule: "R11", path: "trafficLimit.requestsPerSecond", message: TRAFFIC_LIMIT_MESSAGES.requestsPerSecond },
    ]);
    expect(issuesFor({ trafficLimit: 5 })).toEqual([
      { rule: "R11", path: "trafficLimit", message: TRAFFIC_LIMIT_MESSAGES.notObject },
    ]);
  });
});
