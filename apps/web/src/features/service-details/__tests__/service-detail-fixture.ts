import { MASKED_ENV_VAR_VALUE, type ServiceDetail } from "@rts/contracts";

export const SERVICE_ID = "7d1c6a52-3f0e-4a8e-9a51-2b1f0c9e8d11";

export const SUPPORT_INTENT_SCHEMA = {
  type: "object",
  required: ["text"],
  properties: { text: { type: "string", minLength: 1 }, language: { type: "string" } },
};

export function serviceDetail(overrides: Partial<ServiceDetail> = {}): ServiceDetail {
  return {
    id: SERVICE_ID,
    name: "invoice-classifier",
    description: "Routes billing questions",
    state: "Running",
    stateReason: null,
    poolType: "public",
    pools: [{ id: "public", name: "Public pool" }],
    multiPoolLoadBalancing: false,
    websocket: false,
    applicationName: "support-intent",
    versions: [
      { versionId: "v1-id", version: "1.0.0", trafficRatio: 70 },
      { versionId: "v2-id", version: "2.0.0", trafficRatio: 30 },
    ],
    autoStopAt: null,
    createdAt: "2025-05-01T10:00:00.000Z",
    updatedAt: "2025-05-01T10:02:00.000Z",
    revision: 1,
    routing: [
      { versionId: "v1-id", trafficRatio: 70 },
      { versionId: "v2-id", trafficRatio: 30 },
    ],
    autoStop: null,
    timeoutMinutes: 20,
    deadline: null,
    desiredState: "Running",
    dataCollection: { enabled: true, samplingPercent: 50, retentionDays: 7 },
    trafficLimit: { requestsPerSecond: 10 },
    configurations: [
      {
        id: "cfg-1",
        versionId: "v1-id",
        version: "1.0.0",
        applicationName: "support-intent",
        trafficRatio: 70,
        flavorId: "cpu-2",
        flavorName: "CPU 2 vCPU | 8 GiB",
        computeNodes: 1,
        envVars: [{ key: "LOG_LEVEL", value: MASKED_ENV_VAR_VALUE }],
        exampleRequest: { text: "My invoice is wrong" },
        protocol: "rts-json",
        inputSchema: SUPPORT_INTENT_SCHEMA,
      },
      {
        id: "cfg-2",
        versionId: "v2-id",
        version: "2.0.0",
        applicationName: "support-intent",
        trafficRatio: 30,
        flavorId: "cpu-2",
        flavorName: "CPU 2 vCPU | 8 GiB",
        computeNodes: 2,
        envVars: [],
        exampleRequest: { text: "My invoice is wrong", language: "en" },
        protocol: "rts-json",
        inputSchema: SUPPORT_INTENT_SCHEMA,
      },
    ],
    instances: [
      {
        id: "inst-1",
        configurationId: "cfg-1",
        versionId: "v1-id",
        version: "1.0.0",
        serving: true,
        draining: false,
        poolId: "public",
        poolName: "Public pool",
        state: "Healthy",
        restarts: 0,
        port: 41001,
        startedAt: "2025-05-01T10:01:00.000Z",
        lastOutput: "model server listening on 41001",
      },
      {
        id: "inst-2",
        configurationId: "cfg-2",
        versionId: "v2-id",
        version: "2.0.0",
        serving: true,
        draining: false,
        poolId: "public",
        poolName: "Public pool",
        state: "Unhealthy",
        restarts: 3,
        port: 41002,
        startedAt: "2025-05-01T10:01:30.000Z",
        lastOutput: null,
      },
    ],
    events: [
      { id: "e1", at: "2025-05-01T10:00:00.000Z", type: "state", fromState: null, toState: "Deploying", reason: "Deploy requested" },
      { id: "e2", at: "2025-05-01T10:02:00.000Z", type: "state", fromState: "Deploying", toState: "Running", reason: "All 3 instances healthy" },
    ],
    ...overrides,
  };
}

export const OIP_TENSOR_REQUEST = { inputs: [{ name: "features", shape: [1, 3], datatype: "FP32", data: [0.2, 0.4, 0.6] }] };

/** The same service with version 2.0.0 on the Open Inference Protocol v2 (as a built-in ONNX version is). */
export function serviceWithOipVersion(): ServiceDetail {
  const service = serviceDetail();
  service.configurations = service.configurations.map((c) =>
    c.version === "2.0.0" ? { ...c, protocol: "oip-v2", exampleRequest: OIP_TENSOR_REQUEST, inputSchema: null } : c,
  );
  return service;
}
