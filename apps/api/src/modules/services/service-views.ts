// Shapes database rows into the API's service contracts (list rows and the detail page).
import type { ServiceDetail, ServiceSummary } from "@rts/contracts";
import type { Prisma } from "@rts/db";

export const serviceSummaryInclude = {
  pools: { select: { position: true, pool: { select: { id: true, name: true } } }, orderBy: { position: "asc" } },
  configurations: {
    select: {
      versionId: true,
      trafficRatio: true,
      position: true,
      version: { select: { version: true, application: { select: { name: true } } } },
    },
    orderBy: { position: "asc" },
  },
} satisfies Prisma.ServiceInclude;

export const serviceDetailInclude = {
  pools: serviceSummaryInclude.pools,
  configurations: {
    include: {
      version: { select: { version: true, application: { select: { name: true } } } },
      flavor: { select: { name: true } },
    },
    orderBy: { position: "asc" },
  },
  instances: { include: { pool: { select: { name: true } } }, orderBy: [{ configurationId: "asc" }, { ordinal: "asc" }] },
  events: { orderBy: [{ at: "desc" }, { id: "desc" }], take: 200 },
} satisfies Prisma.ServiceInclude;

type SummaryRow = Prisma.ServiceGetPayload<{ include: typeof serviceSummaryInclude }>;
type DetailRow = Prisma.ServiceGetPayload<{ include: typeof serviceDetailInclude }>;

function baseSummary(row: SummaryRow | DetailRow): Omit<ServiceSummary, "versions" | "applicationName"> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    state: row.state,
    stateReason: row.stateReason,
    poolType: row.poolType === "PUBLIC" ? "public" : "dedicated",
    pools: row.pools.map((p) => ({ id: p.pool.id, name: p.pool.name })),
    multiPoolLoadBalancing: row.multiPoolLoadBalancing,
    websocket: row.websocket,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toServiceSummary(row: SummaryRow): ServiceSummary {
  return {
    ...baseSummary(row),
    applicationName: row.configurations[0]?.version.application.name ?? "",
    versions: row.configurations.map((c) => ({
      versionId: c.versionId,
      version: c.version.version,
      trafficRatio: c.trafficRatio,
    })),
  };
}

export function toServiceDetail(row: DetailRow): ServiceDetail {
  return {
    ...baseSummary(row),
    applicationName: row.configurations[0]?.version.application.name ?? "",
    versions: row.configurations.map((c) => ({
      versionId: c.versionId,
      version: c.version.version,
      trafficRatio: c.trafficRatio,
    })),
    timeoutMinutes: row.timeoutMinutes,
    desiredState: row.desiredState,
    dataCollection: row.dataCollectionEnabled
      ? { enabled: true, samplingPercent: row.samplingPercent ?? undefined, retentionDays: row.retentionDays ?? undefined }
      : { enabled: false },
    trafficLimit: row.trafficLimitRps === null ? null : { requestsPerSecond: row.trafficLimitRps },
    configurations: row.configurations.map((c) => ({
      id: c.id,
      versionId: c.versionId,
      version: c.version.version,
      applicationName: c.version.application.name,
      trafficRatio: c.trafficRatio,
      flavorId: c.flavorId,
      flavorName: c.flavor.name,
      computeNodes: c.computeNodes,
      envVars: c.envVars as Array<{ key: string; value: string }>,
    })),
    instances: row.instances.map((i) => ({
      id: i.id,
      configurationId: i.configurationId,
      poolId: i.poolId,
      poolName: i.pool.name,
      state: i.state,
      restarts: i.restarts,
      port: i.port,
      startedAt: i.startedAt?.toISOString() ?? null,
      lastOutput: i.lastOutput,
    })),
    events: row.events.map((e) => ({
      id: e.id.toString(),
      at: e.at.toISOString(),
      type: e.type,
      fromState: e.fromState,
      toState: e.toState,
      reason: e.reason,
    })),
  };
}
