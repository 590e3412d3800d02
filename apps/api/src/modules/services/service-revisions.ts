// R16: a revision is everything a modify can change, as stored (env values sealed), so restoring one
// writes it back exactly: same values, same specIds, hence the instances still running it are kept.
import type { DeployServiceRequest, DeployServiceRequestInput, ServiceChange, ServiceRevision } from "@rts/contracts";
import type { Prisma } from "@rts/db";
import type { DbClient } from "../db-client.ts";
import type { EnvVarCipher, StoredEnvVar } from "../secrets/env-encryption.ts";

export interface RevisionConfiguration {
  versionId: string;
  trafficRatio: number;
  flavorId: string;
  computeNodes: number;
  envVars: StoredEnvVar[];
  specId: string;
}

export interface RevisionSpec {
  description: string;
  timeoutMinutes: number;
  dataCollection: DeployServiceRequest["dataCollection"];
  trafficLimit: DeployServiceRequest["trafficLimit"];
  autoStop: DeployServiceRequest["autoStop"];
  configurations: RevisionConfiguration[];
}

export type RevisionOrigin = ServiceRevision["origin"];
export type RevisionOutcome = ServiceRevision["outcome"];

type Settings = Pick<DeployServiceRequest, "description" | "timeoutMinutes" | "dataCollection" | "trafficLimit" | "autoStop">;

/** The service columns that hold a request's changeable settings (deploy, modify, rollback). */
export function settingsColumns(request: Settings) {
  const dc = request.dataCollection;
  return {
    description: request.description,
    timeoutMinutes: request.timeoutMinutes,
    dataCollectionEnabled: dc.enabled,
    samplingPercent: dc.enabled ? (dc.samplingPercent ?? null) : null,
    retentionDays: dc.enabled ? (dc.retentionDays ?? null) : null,
    trafficLimitRps: request.trafficLimit?.requestsPerSecond ?? null,
    autoStopHours: request.autoStop?.hours ?? null,
  };
}

/** The gateway's split for a list of configurations: their ratios, in order. */
export function routingOf(configurations: ReadonlyArray<{ versionId: string; trafficRatio: number }>) {
  return configurations.map((c) => ({ versionId: c.versionId, trafficRatio: c.trafficRatio }));
}

/** The service's settings as a revision spec, read from its rows. */
export async function readCurrentSpec(db: DbClient, serviceId: string): Promise<RevisionSpec | null> {
  const service = await db.service.findUnique({
    where: { id: serviceId },
    include: { configurations: { orderBy: { position: "asc" } } },
  });
  if (!service) return null;
  return {
    description: service.description,
    timeoutMinutes: service.timeoutMinutes,
    dataCollection: service.dataCollectionEnabled
      ? {
          enabled: true,
          ...(service.samplingPercent !== null ? { samplingPercent: service.samplingPercent } : {}),
          ...(service.retentionDays !== null ? { retentionDays: service.retentionDays } : {}),
        }
      : { enabled: false },
    trafficLimit: service.trafficLimitRps === null ? null : { requestsPerSecond: service.trafficLimitRps },
    autoStop: service.autoStopHours === null ? null : { hours: service.autoStopHours },
    configurations: service.configurations.map((c) => ({
      versionId: c.versionId,
      trafficRatio: c.trafficRatio,
      flavorId: c.flavorId,
      computeNodes: c.computeNodes,
      envVars: c.envVars as unknown as StoredEnvVar[],
      specId: c.specId,
    })),
  };
}

/** A spec as the deploy body it stands for, env values opened (server side only). */
export function specAsRequest(
  spec: RevisionSpec,
  fixed: { name: string; poolType: "PUBLIC" | "DEDICATED"; poolIds: string[]; multiPoolLoadBalancing: boolean; websocket: boolean },
  cipher: EnvVarCipher,
): DeployServiceRequestInput {
  return {
    name: fixed.name,
    description: spec.description,
    resourcePool: fixed.poolType === "PUBLIC" ? { type: "public" } : { type: "dedicated", poolIds: fixed.poolIds },
    multiPoolLoadBalancing: fixed.multiPoolLoadBalancing,
    websocket: fixed.websocket,
    timeoutMinutes: spec.timeoutMinutes,
    dataCollection: spec.dataCollection,
    trafficLimit: spec.trafficLimit,
    autoStop: spec.autoStop,
    configurations: spec.configurations.map((c) => ({
      versionId: c.versionId,
      trafficRatio: c.trafficRatio,
      flavorId: c.flavorId,
      computeNodes: c.computeNodes,
      envVars: cipher.open(c.envVars),
    })),
  };
}

export async function recordRevision(
  tx: Prisma.TransactionClient,
  revision: {
    serviceId: string;
    number: number;
    origin: RevisionOrigin;
    spec: RevisionSpec;
    changes?: ServiceChange[];
    restarts?: boolean;
    outcome: RevisionOutcome;
    reason?: string | null;
  },
): Promise<void> {
  await tx.serviceRevision.create({
    data: {
      serviceId: revision.serviceId,
      number: revision.number,
      origin: revision.origin,
      spec: revision.spec as unknown as Prisma.InputJsonValue,
      changes: (revision.changes ?? []) as unknown as Prisma.InputJsonValue,
      restarts: revision.restarts ?? false,
      outcome: revision.outcome,
      reason: revision.reason ?? null,
    },
  });
}

export async function readRevision(db: DbClient, serviceId: string, number: number): Promise<RevisionSpec | null> {
  const row = await db.serviceRevision.findUnique({ where: { serviceId_number: { serviceId, number } } });
  return row ? (row.spec as unknown as RevisionSpec) : null;
}
