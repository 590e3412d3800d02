import type { AppVersion, Flavor, Pool, Quota } from "../catalogue.ts";
import type { DeployServiceRequest } from "../deploy-request.ts";
import type { DeployContext } from "../rules/deploy-context.ts";

// A small, fixed world for rule tests and Storybook stories. Ids are readable so a failing
// assertion tells what it was about.

export const flavors = {
  cpu2: {
    id: "cpu-2-8", name: "CPU: 2 vCPUs | 8 GiB", kind: "CPU", vcpus: 2, memoryGiB: 8, gpus: 0,
    available: true, free: false, inPublicPool: true, pricePerHourCents: 12,
  },
  cpu8: {
    id: "cpu-8-32", name: "CPU: 8 vCPUs | 32 GiB", kind: "CPU", vcpus: 8, memoryGiB: 32, gpus: 0,
    available: true, free: false, inPublicPool: true, pricePerHourCents: 48,
  },
  gpu1: {
    id: "gpu-1-8-32", name: "GPU: 1 x GPU | 8 vCPUs | 32 GiB", kind: "GPU", vcpus: 8, memoryGiB: 32, gpus: 1,
    available: true, free: false, inPublicPool: true, pricePerHourCents: 250,
  },
  gpuGray: {
    id: "gpu-8-64-512", name: "GPU: 8 x GPU | 64 vCPUs | 512 GiB", kind: "GPU", vcpus: 64, memoryGiB: 512, gpus: 8,
    available: false, free: false, inPublicPool: true, pricePerHourCents: 2400,
  },
  cpuFree: {
    id: "cpu-free", name: "CPU: 1 vCPU | 4 GiB (free)", kind: "CPU", vcpus: 1, memoryGiB: 4, gpus: 0,
    available: true, free: true, inPublicPool: true, pricePerHourCents: 0,
  },
  // Offered only by dedicated pools.
  cpu16: {
    id: "cpu-16-64", name: "CPU: 16 vCPUs | 64 GiB", kind: "CPU", vcpus: 16, memoryGiB: 64, gpus: 0,
    available: true, free: false, inPublicPool: false, pricePerHourCents: 96,
  },
} satisfies Record<string, Flavor>;

const allFlavors: Flavor[] = Object.values(flavors);

export const pools = {
  public: {
    id: "pool-public", name: "Public resource pool", type: "public",
    flavorIds: allFlavors.filter((f) => f.inPublicPool).map((f) => f.id),
    nodeCount: 1000, freeNodes: 1000, generation: null, state: "Running",
  },
  newA: {
    id: "pool-new-a", name: "pool-new-a", type: "dedicated", flavorIds: [flavors.cpu8.id],
    nodeCount: 4, freeNodes: 4, generation: "new", state: "Running",
  },
  newB: {
    id: "pool-new-b", name: "pool-new-b", type: "dedicated", flavorIds: [flavors.cpu8.id],
    nodeCount: 4, freeNodes: 2, generation: "new", state: "Running",
  },
  old: {
    id: "pool-old", name: "pool-old", type: "dedicated", flavorIds: [flavors.cpu8.id],
    nodeCount: 4, freeNodes: 4, generation: "old", state: "Running",
  },
  big: {
    id: "pool-big", name: "pool-big", type: "dedicated", flavorIds: [flavors.cpu16.id],
    nodeCount: 2, freeNodes: 2, generation: "new", state: "Running",
  },
  creating: {
    id: "pool-creating", name: "pool-creating", type: "dedicated", flavorIds: [flavors.cpu8.id],
    nodeCount: 2, freeNodes: 2, generation: "new", state: "Creating",
  },
} satisfies Record<string, Pool>;

const version = (
  id: string, applicationId: string, applicationName: string, v: string,
  extra: Partial<AppVersion> = {},
): AppVersion => ({
  id, applicationId, applicationName, version: v, state: "Normal", source: "container_image", websocket: false, websocketOnly: false, ...extra,
});

export const versions = {
  digitsV1: version("ver-digits-1", "app-digits", "digits", "1.0.0"),
  digitsV2: version("ver-digits-2", "app-digits", "digits", "2.0.0"),
  digitsBuilding: version("ver-digits-3", "app-digits", "digits", "3.0.0", { state: "Building" }),
  digitsFailed: version("ver-digits-0", "app-digits", "digits", "0.9.0", { state: "Failed" }),
  echoWs: version("ver-echo-1", "app-echo", "echo-ws", "1.0.0", { websocket: true }),
  streamOnly: version("ver-stream-1", "app-stream", "stream-only", "1.0.0", { websocket: true, websocketOnly: true }),
  tabular: version("ver-tabular-1", "app-tabular", "tabular", "1.0.0", { source: "model_package" }),
} satisfies Record<string, AppVersion>;

export const quota: Quota = {
  limit: { vcpus: 16, memoryGiB: 64, gpus: 1 },
  used: { vcpus: 4, memoryGiB: 16, gpus: 0 },
};

export function fixtureContext(overrides: Partial<DeployContext> = {}): DeployContext {
  return {
    serviceCount: 3,
    existingServiceNames: ["existing-service", "digits-old"],
    flavors: allFlavors,
    pools: Object.values(pools),
    versions: Object.values(versions),
    quota,
    ...overrides,
  };
}

/** A request every rule accepts against fixtureContext(). */
export function validDeployRequest(overrides: Partial<DeployServiceRequest> = {}): DeployServiceRequest {
  return {
    name: "digits-service",
    description: "Handwritten digit recognition",
    resourcePool: { type: "public" },
    multiPoolLoadBalancing: false,
    configurations: [
      { versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] },
    ],
    timeoutMinutes: 20,
    websocket: false,
    autoStop: null,
    dataCollection: { enabled: false },
    trafficLimit: null,
    ...overrides,
  };
}

/** A valid two-pool (multi-pool load balancing) request. */
export function validMultiPoolRequest(overrides: Partial<DeployServiceRequest> = {}): DeployServiceRequest {
  return validDeployRequest({
    resourcePool: { type: "dedicated", poolIds: [pools.newA.id, pools.newB.id] },
    multiPoolLoadBalancing: true,
    configurations: [
      { versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu8.id, computeNodes: 2, envVars: [] },
    ],
    ...overrides,
  });
}
