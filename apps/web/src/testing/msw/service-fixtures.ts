// A deployed service of the fixture world (digits 1.0.0 and 2.0.0 at 70/30 on CPU 2 vCPUs, public
// pool) with its revisions, for the Modify, revisions and details stories. Everything in it exists
// in fixtureDeployContext(), so the shared rules judge changes to it as the API would.
import {
  MASKED_ENV_VAR_VALUE,
  type ServiceChange,
  type ServiceDetail,
  type ServiceEvent,
  type ServiceInstance,
  type ServiceRevision,
} from "@rts/contracts";
import type { ServiceChangeBody } from "../../api/services/services-calls.ts";
import { flavors, howToCall, pools, versions } from "./fixtures.ts";

export const MODIFY_SERVICE_ID = "svc-digits";
const CREATED = "2025-05-01T10:00:00.000Z";

function instance(id: string, version: typeof versions.digitsV1, overrides: Partial<ServiceInstance> = {}): ServiceInstance {
  return {
    id,
    configurationId: `cfg-${version.id}`,
    versionId: version.id,
    version: version.version,
    serving: true,
    draining: false,
    poolId: pools.public.id,
    poolName: pools.public.name,
    state: "Healthy",
    restarts: 0,
    port: 41000 + Number(id.replace(/\D/g, "") || 0),
    startedAt: "2025-05-01T10:01:00.000Z",
    lastOutput: null,
    ...overrides,
  };
}

function event(id: string, at: string, reason: string, fromState: ServiceEvent["fromState"] = null, toState: ServiceEvent["toState"] = null, type = "state"): ServiceEvent {
  return { id, at, type, fromState, toState, reason };
}

/** digits at 70/30, revision 3, Running, on the public pool; 1.0.0 has LOG_LEVEL (masked). */
export function modifiableService(overrides: Partial<ServiceDetail> = {}): ServiceDetail {
  return {
    id: MODIFY_SERVICE_ID,
    name: "digits-service",
    description: "Handwritten digit recognition",
    state: "Running",
    stateReason: "All 2 instances are healthy.",
    poolType: "public",
    pools: [{ id: pools.public.id, name: pools.public.name }],
    multiPoolLoadBalancing: false,
    websocket: false,
    applicationName: versions.digitsV1.applicationName,
    versions: [
      { versionId: versions.digitsV1.id, version: versions.digitsV1.version, trafficRatio: 70 },
      { versionId: versions.digitsV2.id, version: versions.digitsV2.version, trafficRatio: 30 },
    ],
    autoStopAt: null,
    createdAt: CREATED,
    updatedAt: "2025-05-02T09:00:00.000Z",
    revision: 3,
    routing: [
      { versionId: versions.digitsV1.id, trafficRatio: 70 },
      { versionId: versions.digitsV2.id, trafficRatio: 30 },
    ],
    autoStop: null,
    timeoutMinutes: 20,
    dataCollection: { enabled: false },
    trafficLimit: null,
    desiredState: "Running",
    configurations: [
      {
        id: `cfg-${versions.digitsV1.id}`,
        versionId: versions.digitsV1.id,
        version: versions.digitsV1.version,
        applicationName: versions.digitsV1.applicationName,
        trafficRatio: 70,
        flavorId: flavors.cpu2.id,
        flavorName: flavors.cpu2.name,
        computeNodes: 1,
        envVars: [{ key: "LOG_LEVEL", value: MASKED_ENV_VAR_VALUE }],
        ...howToCall(versions.digitsV1.id),
      },
      {
        id: `cfg-${versions.digitsV2.id}`,
        versionId: versions.digitsV2.id,
        version: versions.digitsV2.version,
        applicationName: versions.digitsV2.applicationName,
        trafficRatio: 30,
        flavorId: flavors.cpu2.id,
        flavorName: flavors.cpu2.name,
        computeNodes: 1,
        envVars: [],
        ...howToCall(versions.digitsV2.id),
      },
    ],
    instances: [instance("inst-1", versions.digitsV1), instance("inst-2", versions.digitsV2)],
    events: [
      event("e1", CREATED, "Deploy requested.", null, "Deploying", "DeployRequested"),
      event("e2", "2025-05-01T10:01:30.000Z", "All 2 instances are healthy.", "Deploying", "Running"),
    ],
    ...overrides,
  };
}

/** The same service in the middle of scaling 2.0.0 to 2 nodes with an env change: Updating, steps as events. */
export function updatingService(): ServiceDetail {
  const base = modifiableService();
  return {
    ...base,
    state: "Updating",
    stateReason: "Starting 2 new instances of revision 4; the current ones keep serving.",
    revision: 4,
    configurations: base.configurations.map((c) => (c.versionId === versions.digitsV2.id ? { ...c, computeNodes: 2, envVars: [{ key: "BATCH_SIZE", value: MASKED_ENV_VAR_VALUE }] } : c)),
    instances: [
      instance("inst-1", versions.digitsV1),
      instance("inst-2", versions.digitsV2),
      instance("inst-3", versions.digitsV2, { serving: false, state: "Healthy", startedAt: "2025-05-02T09:00:20.000Z" }),
      instance("inst-4", versions.digitsV2, { serving: false, state: "Starting", startedAt: "2025-05-02T09:00:20.000Z", port: null }),
    ],
    events: [
      ...base.events,
      event("e3", "2025-05-02T09:00:00.000Z", "Revision 4 (modify): Compute Nodes of digits 2.0.0 1 -> 2, Environment Variable of digits 2.0.0 changed.", "Running", "Updating", "ModifyRequested"),
      event("e4", "2025-05-02T09:00:20.000Z", "Started 2 new instances of digits 2.0.0; they get calls once both are healthy.", null, null, "InstancesStarting"),
      event("e5", "2025-05-02T09:00:41.000Z", "Instance inst-3 (digits 2.0.0) is healthy: 1 of 2 new instances ready.", null, null, "InstanceHealthy"),
    ],
  };
}

const change = (field: string, label: string, from: string | null, to: string | null): ServiceChange => ({ field, label, from, to });

/** Revision 4 was rolled back by itself (the new instances never became healthy); 5 restored 3. */
export function rolledBackService(): ServiceDetail {
  return modifiableService({
    revision: 5,
    stateReason: "Rolled back to revision 3: the new instances of revision 4 were not healthy within 20 minutes (instance inst-5 exited with code 1: model file not found).",
    events: [
      ...modifiableService().events,
      event("e3", "2025-05-02T09:00:00.000Z", "Revision 4 (modify): Specifications of digits 2.0.0 changed.", "Running", "Updating", "ModifyRequested"),
      event("e4", "2025-05-02T09:20:00.000Z", "Rolled back to revision 3: the new instances of revision 4 were not healthy within 20 minutes (instance inst-5 exited with code 1: model file not found).", "Updating", "Running", "RolledBack"),
    ],
  });
}

export function serviceRevisions(): ServiceRevision[] {
  return [
    {
      number: 5,
      createdAt: "2025-05-02T09:20:00.000Z",
      origin: "rollback",
      changes: [change("configurations.1.flavorId", "Specifications of digits 2.0.0", flavors.gpu1.name, flavors.cpu2.name)],
      restarts: false,
      outcome: "Applied",
      reason: "Back to revision 3: the new instances of revision 4 were not healthy within 20 minutes.",
      current: true,
    },
    {
      number: 4,
      createdAt: "2025-05-02T09:00:00.000Z",
      origin: "modify",
      changes: [change("configurations.1.flavorId", "Specifications of digits 2.0.0", flavors.cpu2.name, flavors.gpu1.name)],
      restarts: true,
      outcome: "RolledBack",
      reason: "The new instances were not healthy within 20 minutes: instance inst-5 exited with code 1 (model file not found).",
      current: false,
    },
    {
      number: 3,
      createdAt: "2025-05-01T15:00:00.000Z",
      origin: "modify",
      changes: [
        change("configurations.0.trafficRatio", "Traffic Ratio (%) of digits 1.0.0", "100", "70"),
        change("configurations.1", "Added digits 2.0.0", null, `30%, ${flavors.cpu2.name}, 1 node(s)`),
      ],
      restarts: false,
      outcome: "Superseded",
      reason: null,
      current: false,
    },
    {
      number: 2,
      createdAt: "2025-05-01T12:00:00.000Z",
      origin: "modify",
      changes: [change("description", "Description", "", "Handwritten digit recognition")],
      restarts: false,
      outcome: "Superseded",
      reason: null,
      current: false,
    },
    { number: 1, createdAt: CREATED, origin: "deploy", changes: [], restarts: false, outcome: "Superseded", reason: null, current: false },
  ];
}

/** What each earlier revision held, as the change that brings it back. */
export const REVISION_SPECS: Record<number, ServiceChangeBody> = {
  4: {
    configurations: [
      { versionId: versions.digitsV1.id, trafficRatio: 70, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [{ key: "LOG_LEVEL", value: MASKED_ENV_VAR_VALUE }] },
      { versionId: versions.digitsV2.id, trafficRatio: 30, flavorId: flavors.gpu1.id, computeNodes: 1, envVars: [] },
    ],
  },
  3: {
    configurations: [
      { versionId: versions.digitsV1.id, trafficRatio: 70, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [{ key: "LOG_LEVEL", value: MASKED_ENV_VAR_VALUE }] },
      { versionId: versions.digitsV2.id, trafficRatio: 30, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] },
    ],
  },
  2: {
    description: "Handwritten digit recognition",
    configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [{ key: "LOG_LEVEL", value: MASKED_ENV_VAR_VALUE }] }],
  },
  1: {
    description: "",
    configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] }],
  },
};
