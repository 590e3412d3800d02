// API-shaped fixtures for stories and tests, built on the shared contract fixtures so the mocked
// API and the rules agree: a gray GPU and a free CPU flavor, the public pool plus dedicated pools
// (two new ones with the same flavor, an old one, one still Creating), applications with Normal,
// Building and Failed versions, a WebSocket container-image application, quota and service counts.
import {
  SERVICE_LIMIT,
  SYSTEM_OVERHEAD_NOTE,
  subtractAmounts,
  type AppVersion,
  type DeployContext,
  type InputSchema,
  type Quota,
  type QuotaReport,
  type ServiceDetail,
  type ServiceList,
  type ServiceSummary,
} from "@rts/contracts";
import { flavors, pools, quota as fixtureQuota, versions } from "@rts/contracts/testing";
import { buildDeployContext } from "../../features/deploy-wizard/build-deploy-context.ts";
import type { AiApplication, AiApplicationList, AiApplicationVersion } from "../../api/ai-applications/ai-applications.ts";

export { flavors, pools, versions };

export const specificationsResponse = { items: Object.values(flavors), note: SYSTEM_OVERHEAD_NOTE };
export const poolsResponse = { items: Object.values(pools) };

const DESCRIPTIONS: Record<string, string> = {
  "app-digits": "Handwritten digit recognition",
  "app-echo": "Streams sentiment over a WebSocket",
  "app-stream": "Streams sentiment over a WebSocket only",
  "app-tabular": "Tabular regression from a model package",
};

const TEXT_MESSAGE_SCHEMA: InputSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  required: ["text"],
  properties: { text: { type: "string", minLength: 1 } },
};

type HowToCall = Pick<AiApplicationVersion, "exampleRequest" | "inputSchema" | "protocol">;

// How each fixture application is called; tabular declares no input schema.
const HOW_TO_CALL: Record<string, Omit<HowToCall, "protocol">> = {
  "app-digits": {
    exampleRequest: { pixels: [0, 0.5, 1, 0.5] },
    inputSchema: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      required: ["pixels"],
      properties: { pixels: { type: "array", items: { type: "number", minimum: 0, maximum: 1 } } },
    },
  },
  "app-echo": { exampleRequest: { text: "I was charged twice" }, inputSchema: TEXT_MESSAGE_SCHEMA },
  "app-stream": { exampleRequest: { text: "not good at all" }, inputSchema: TEXT_MESSAGE_SCHEMA },
  "app-tabular": { exampleRequest: { features: { rooms: 3, areaM2: 72 } }, inputSchema: null },
};

/** A fixture version's example request, input schema and protocol, as the API serves them. */
export function howToCall(versionId: string): HowToCall {
  const version = Object.values(versions).find((v) => v.id === versionId);
  return { exampleRequest: null, inputSchema: null, ...HOW_TO_CALL[version?.applicationId ?? ""], protocol: "rts-json" };
}

/** An OIP v2 version's example request: one typed tensor, as the built-in ONNX runtime takes it. */
export const OIP_EXAMPLE_REQUEST = { inputs: [{ name: "pixels", shape: [1, 4], datatype: "FP32", data: [0, 0.5, 1, 0.5] }] };

function applications(list: AppVersion[]): AiApplication[] {
  const byId = new Map<string, AiApplication>();
  for (const v of list) {
    const app = byId.get(v.applicationId) ?? {
      id: v.applicationId,
      name: v.applicationName,
      description: DESCRIPTIONS[v.applicationId] ?? "",
      createdAt: "2025-01-06T08:00:00.000Z",
      versions: [],
    };
    app.versions.push({
      ...v,
      ...howToCall(v.id),
      runtime: v.source === "container_image" ? "image" : "custom",
      healthPath: "/health",
      stateReason: v.state === "Failed" ? "server.mjs: the entry file named in rts-model.json is not in the package." : null,
      artifact: null,
      modelMetadata: null,
      createdAt: "2025-01-06T08:00:00.000Z",
      builtAt: v.state === "Normal" ? "2025-01-06T08:01:00.000Z" : null,
    });
    byId.set(v.applicationId, app);
  }
  return [...byId.values()];
}

export const aiApplicationsResponse: AiApplicationList = { items: applications(Object.values(versions)) };

export function quotaResponse(quota: Quota = fixtureQuota): QuotaReport {
  return { limit: quota.limit, used: quota.used, left: subtractAmounts(quota.limit, quota.used), holders: [] };
}

/** A nearly exhausted quota: 2 vCPUs and 8 GiB left, so 1 x CPU 2 vCPUs fits and 2 x CPU 8 vCPUs does not. */
export const tightQuota: Quota = { limit: fixtureQuota.limit, used: { vcpus: 14, memoryGiB: 56, gpus: 1 } };

const CREATED = "2025-01-06T09:00:00.000Z";

export function serviceSummary(i: number): ServiceSummary {
  const states = ["Running", "Stopped", "Failed", "Abnormal"] as const;
  return {
    id: `svc-${i}`,
    name: i === 1 ? "existing-service" : `service-${String(i).padStart(2, "0")}`,
    description: "",
    state: states[i % states.length] ?? "Running",
    stateReason: null,
    poolType: "public",
    pools: [{ id: pools.public.id, name: pools.public.name }],
    multiPoolLoadBalancing: false,
    websocket: false,
    applicationName: versions.digitsV1.applicationName,
    versions: [{ versionId: versions.digitsV1.id, version: versions.digitsV1.version, trafficRatio: 100 }],
    autoStopAt: null,
    createdAt: CREATED,
    updatedAt: CREATED,
  };
}

/** The user's services: `count` of them (R1 counts every state). */
export function servicesResponse(count = 3): ServiceList {
  const items = Array.from({ length: count }, (_, i) => serviceSummary(i + 1));
  return { items, total: count, page: 1, pageSize: 100, limit: SERVICE_LIMIT, count };
}

export function deployedService(name: string): ServiceDetail {
  return {
    ...serviceSummary(99),
    id: "svc-new",
    name,
    state: "Deploying",
    revision: 1,
    routing: [],
    autoStop: null,
    timeoutMinutes: 20,
    deadline: null,
    dataCollection: { enabled: false },
    trafficLimit: null,
    desiredState: "Running",
    configurations: [],
    instances: [],
    events: [],
  };
}

export type FixtureWorld = { serviceCount?: number; quota?: Quota };

/** The DeployContext the wizard builds from these responses. */
export function fixtureDeployContext(world: FixtureWorld = {}): DeployContext {
  return buildDeployContext({
    specifications: specificationsResponse,
    pools: poolsResponse,
    applications: aiApplicationsResponse,
    quota: quotaResponse(world.quota),
    services: servicesResponse(world.serviceCount),
  });
}
