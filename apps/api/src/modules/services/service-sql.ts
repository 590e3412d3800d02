// The service list and detail are each read with one SQL statement that builds the nested JSON in
// PostgreSQL. Prisma's include would issue one query per relation and allocate far more per call,
// and these two reads are the console's hottest paths (see docs/benchmarks.md).
import { SERVICE_DETAIL_EVENT_LIMIT, type ListServicesQuery, type LiveServiceState, type ServiceDetail, type ServiceSummary } from "@rts/contracts";
import { Prisma } from "@rts/db";
import type { DbClient } from "../db-client.ts";
import { maskEnvVars } from "../secrets/env-encryption.ts";

const iso = (column: string) => Prisma.raw(`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

const SUMMARY_COLUMNS = Prisma.sql`
  s.id, s.name, s.description, s.state::text AS state, s."stateReason",
  lower(s."poolType"::text) AS "poolType", s."multiPoolLoadBalancing", s.websocket,
  ${iso("s.\"createdAt\"")} AS "createdAt", ${iso("s.\"updatedAt\"")} AS "updatedAt", ${iso("s.\"autoStopAt\"")} AS "autoStopAt",
  (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY sp.position), '[]')
     FROM service_pools sp JOIN resource_pools p ON p.id = sp."poolId"
    WHERE sp."serviceId" = s.id) AS pools,
  (SELECT coalesce(json_agg(json_build_object(
            'versionId', c."versionId", 'version', v.version, 'trafficRatio', c."trafficRatio",
            'applicationName', a.name) ORDER BY c.position), '[]')
     FROM version_configurations c
     JOIN ai_application_versions v ON v.id = c."versionId"
     JOIN ai_applications a ON a.id = v."applicationId"
    WHERE c."serviceId" = s.id) AS versions`;

type VersionRef = ServiceSummary["versions"][number] & { applicationName: string };
type SummaryRow = Omit<ServiceSummary, "versions" | "applicationName"> & { versions: VersionRef[] };

function toSummary(row: SummaryRow): ServiceSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    state: row.state,
    stateReason: row.stateReason,
    poolType: row.poolType,
    pools: row.pools,
    multiPoolLoadBalancing: row.multiPoolLoadBalancing,
    websocket: row.websocket,
    applicationName: row.versions[0]?.applicationName ?? "",
    versions: row.versions.map(({ versionId, version, trafficRatio }) => ({ versionId, version, trafficRatio })),
    autoStopAt: row.autoStopAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const SORT_COLUMNS: Record<ListServicesQuery["sort"], string> = {
  createdAt: 's."createdAt"',
  name: "s.name",
  state: "s.state::text",
};

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function serviceFilter(userId: string, query: Pick<ListServicesQuery, "q" | "state">): Prisma.Sql {
  const filters = [Prisma.sql`s."ownerId" = ${userId}::uuid`];
  if (query.q) filters.push(Prisma.sql`s.name ILIKE ${likePattern(query.q)} ESCAPE '\\'`);
  if (query.state) filters.push(Prisma.sql`s.state = ${query.state}::"ServiceState"`);
  return Prisma.join(filters, " AND ");
}

export async function countServices(db: DbClient, userId: string, query: Pick<ListServicesQuery, "q" | "state">): Promise<number> {
  const rows = await db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM services s WHERE ${serviceFilter(userId, query)}`;
  return Number(rows[0]?.n ?? 0);
}

export async function selectServicePage(
  db: DbClient,
  userId: string,
  query: ListServicesQuery,
): Promise<{ items: ServiceSummary[]; total: number | null }> {
  const direction = query.order === "asc" ? "ASC" : "DESC";
  const rows = await db.$queryRaw<Array<SummaryRow & { total: bigint }>>`
    SELECT ${SUMMARY_COLUMNS}, count(*) OVER () AS total
      FROM services s
     WHERE ${serviceFilter(userId, query)}
     ORDER BY ${Prisma.raw(`${SORT_COLUMNS[query.sort]} ${direction}, s.id ASC`)}
     LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`;
  // A page past the end has no rows to carry the window count.
  return { items: rows.map(toSummary), total: rows[0] ? Number(rows[0].total) : null };
}

// The service's instances and newest events as the details show them; the live stream sends the same.
const INSTANCES_JSON = Prisma.sql`
      (SELECT coalesce(json_agg(json_build_object(
                'id', i.id, 'configurationId', i."configurationId", 'versionId', i."versionId", 'version', v.version,
                'serving', i.serving, 'draining', i."drainingSince" IS NOT NULL, 'poolId', i."poolId", 'poolName', p.name,
                'state', i.state::text, 'restarts', i.restarts, 'port', i.port,
                'startedAt', ${iso('i."startedAt"')}, 'lastOutput', i."lastOutput")
                ORDER BY v.version, i."drainingSince" NULLS FIRST, i.ordinal, p.name), '[]')
         FROM instances i JOIN resource_pools p ON p.id = i."poolId" JOIN ai_application_versions v ON v.id = i."versionId"
        WHERE i."serviceId" = s.id)`;

function eventsJson(limit: number): Prisma.Sql {
  return Prisma.sql`
      (SELECT coalesce(json_agg(json_build_object(
                'id', e.id::text, 'at', ${iso("e.at")}, 'type', e.type, 'fromState', e."fromState"::text,
                'toState', e."toState"::text, 'reason', e.reason) ORDER BY e.at DESC, e.id DESC), '[]')
         FROM (SELECT * FROM service_events WHERE "serviceId" = s.id ORDER BY at DESC, id DESC LIMIT ${limit}) e)`;
}

// R9: the deadline that matters in the state the service is in.
const DEADLINE = iso(`CASE s.state WHEN 'Deploying' THEN s."deployDeadline" WHEN 'Updating' THEN s."updateDeadline" END`);

type DetailRow = SummaryRow & {
  revision: number;
  routing: ServiceDetail["routing"];
  autoStopHours: number | null;
  timeoutMinutes: number;
  deadline: string | null;
  desiredState: ServiceDetail["desiredState"];
  dataCollectionEnabled: boolean;
  samplingPercent: number | null;
  retentionDays: number | null;
  trafficLimitRps: number | null;
  configurations: Array<Omit<ServiceDetail["configurations"][number], "envVars"> & { envVars: unknown }>;
  instances: ServiceDetail["instances"];
  events: ServiceDetail["events"];
};

export async function selectServiceDetail(db: DbClient, userId: string, serviceId: string): Promise<ServiceDetail | null> {
  const rows = await db.$queryRaw<DetailRow[]>`
    SELECT ${SUMMARY_COLUMNS},
      s.revision, s.routing, s."autoStopHours", s."timeoutMinutes", s."desiredState"::text AS "desiredState", s."dataCollectionEnabled",
      s."samplingPercent", s."retentionDays", s."trafficLimitRps", ${DEADLINE} AS deadline,
      (SELECT coalesce(json_agg(json_build_object(
                'id', c.id, 'versionId', c."versionId", 'version', v.version, 'applicationName', a.name,
                'trafficRatio', c."trafficRatio", 'flavorId', c."flavorId", 'flavorName', f.name,
                'computeNodes', c."computeNodes", 'envVars', c."envVars",
                'exampleRequest', v."exampleRequest", 'inputSchema', v."inputSchema", 'protocol', v.protocol) ORDER BY c.position), '[]')
         FROM version_configurations c
         JOIN ai_application_versions v ON v.id = c."versionId"
         JOIN ai_applications a ON a.id = v."applicationId"
         JOIN specifications f ON f.id = c."flavorId"
        WHERE c."serviceId" = s.id) AS configurations,
      ${INSTANCES_JSON} AS instances,
      ${eventsJson(SERVICE_DETAIL_EVENT_LIMIT)} AS events
    FROM services s
   WHERE s.id = ${serviceId}::uuid AND s."ownerId" = ${userId}::uuid`;
  const row = rows[0];
  if (!row) return null;
  return {
    ...toSummary(row),
    revision: row.revision,
    routing: row.routing,
    autoStop: row.autoStopHours === null ? null : { hours: row.autoStopHours },
    timeoutMinutes: row.timeoutMinutes,
    deadline: row.deadline,
    desiredState: row.desiredState,
    dataCollection: row.dataCollectionEnabled
      ? { enabled: true, samplingPercent: row.samplingPercent ?? undefined, retentionDays: row.retentionDays ?? undefined }
      : { enabled: false },
    trafficLimit: row.trafficLimitRps === null ? null : { requestsPerSecond: row.trafficLimitRps },
    configurations: row.configurations.map((c) => ({ ...c, envVars: maskEnvVars(c.envVars) })),
    instances: row.instances,
    events: row.events,
  };
}

export interface LiveServiceRow {
  state: LiveServiceState;
  instances: ServiceDetail["instances"];
  events: ServiceDetail["events"];
}

/** What the live stream sends about one of the owner's services: its state, instances and newest events. */
export async function selectLiveService(db: DbClient, ownerId: string, serviceId: string, eventLimit: number): Promise<LiveServiceRow | null> {
  const rows = await db.$queryRaw<Array<Omit<LiveServiceState, "serviceId"> & { instances: LiveServiceRow["instances"]; events: LiveServiceRow["events"] }>>`
    SELECT s.state::text AS state, s."stateReason", s."desiredState"::text AS "desiredState", s.revision, s.routing,
      ${iso('s."autoStopAt"')} AS "autoStopAt", ${DEADLINE} AS deadline, ${iso('s."updatedAt"')} AS "updatedAt",
      ${INSTANCES_JSON} AS instances,
      ${eventsJson(eventLimit)} AS events
    FROM services s
   WHERE s.id = ${serviceId}::uuid AND s."ownerId" = ${ownerId}::uuid`;
  const row = rows[0];
  if (!row) return null;
  const { instances, events, ...state } = row;
  return { state: { serviceId, ...state }, instances, events };
}
