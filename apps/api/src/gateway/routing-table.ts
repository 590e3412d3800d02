// Per-service routing tables (settings + healthy instances), read with one SQL statement and kept
// in memory for a short time so the inference hot path does not read the database on every call.
// A `service_state` notification drops a service's entry at once (see service-events.ts).
import type { InferenceProtocol } from "@rts/contracts";
import type { PrismaClient, ServiceState } from "@rts/db";
import type { RoutedConfiguration } from "./traffic-split.ts";

/** A version in the service's split, with what the Open Inference Protocol routes need to know of it. */
export interface RoutedVersion extends RoutedConfiguration {
  /** The AI application's name: the model name OIP clients use. */
  application: string;
  protocol: InferenceProtocol;
}

export interface RoutingTable {
  serviceId: string;
  ownerId: string;
  state: ServiceState;
  websocket: boolean;
  dataCollectionEnabled: boolean;
  samplingPercent: number;
  retentionDays: number;
  trafficLimitRps: number | null;
  configurations: RoutedVersion[];
}

interface Row {
  serviceId: string;
  ownerId: string;
  state: ServiceState;
  websocket: boolean;
  dataCollectionEnabled: boolean;
  samplingPercent: number | null;
  retentionDays: number | null;
  trafficLimitRps: number | null;
  routing: Array<{ versionId: string; trafficRatio: number }>;
  versions: Array<{ versionId: string; version: string; application: string; protocol: InferenceProtocol }>;
  versionId: string | null;
  version: string | null;
  instanceId: string | null;
  poolId: string | null;
  host: string | null;
  port: number | null;
}

export const DEFAULT_TABLE_TTL_MS = 500;
// Retention when data collection is on without a number (the contracts require one; belt and braces).
const DEFAULT_RETENTION_DAYS = 7;

/**
 * Calls are split by the service's routing (R16: during an update it is still the old split, during
 * a rollout the current step's) over the instances marked serving: an update's new instances join
 * only once all of them are healthy, and replaced ones leave before they stop.
 */
export async function loadRoutingTable(prisma: PrismaClient, serviceId: string): Promise<RoutingTable | null> {
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT s.id AS "serviceId", s."ownerId", s.state::text AS state, s.websocket, s."dataCollectionEnabled",
           s."samplingPercent", s."retentionDays", s."trafficLimitRps", s.routing,
           (SELECT coalesce(json_agg(json_build_object('versionId', rv.id, 'version', rv.version, 'application', ra.name, 'protocol', rv.protocol)), '[]')
              FROM ai_application_versions rv JOIN ai_applications ra ON ra.id = rv."applicationId"
             WHERE rv.id IN (SELECT (split->>'versionId')::uuid FROM jsonb_array_elements(s.routing) split)) AS versions,
           i."versionId", v.version, i.id AS "instanceId", i."poolId", i.host, i.port
      FROM services s
      LEFT JOIN instances i ON i."serviceId" = s.id AND i.serving AND i.state = 'Healthy' AND i.port IS NOT NULL
      LEFT JOIN ai_application_versions v ON v.id = i."versionId"
      LEFT JOIN service_pools sp ON sp."serviceId" = s.id AND sp."poolId" = i."poolId"
     WHERE s.id = ${serviceId}::uuid
     ORDER BY sp.position NULLS LAST, i."poolId", i.ordinal, i.id`;
  const first = rows[0];
  if (!first) return null;
  const versions = new Map<string, RoutedVersion>();
  const described = new Map(first.versions.map((v) => [v.versionId, v]));
  for (const split of first.routing) {
    const about = described.get(split.versionId);
    versions.set(split.versionId, {
      versionId: split.versionId,
      version: about?.version ?? "unknown",
      application: about?.application ?? "unknown",
      protocol: about?.protocol ?? "rts-json",
      trafficRatio: split.trafficRatio,
      pools: [],
    });
  }
  for (const row of rows) {
    if (!row.instanceId || !row.versionId || !row.poolId || row.port === null) continue;
    const routed = versions.get(row.versionId);
    // A version outside the split (being removed) takes no calls.
    if (!routed) continue;
    routed.version = row.version ?? routed.version;
    let pool = routed.pools.find((p) => p.poolId === row.poolId);
    if (!pool) {
      pool = { poolId: row.poolId, instances: [] };
      routed.pools.push(pool);
    }
    pool.instances.push({ instanceId: row.instanceId, host: row.host ?? "127.0.0.1", port: row.port });
  }
  return {
    serviceId: first.serviceId,
    ownerId: first.ownerId,
    state: first.state,
    websocket: first.websocket,
    dataCollectionEnabled: first.dataCollectionEnabled,
    samplingPercent: first.samplingPercent ?? 0,
    retentionDays: first.retentionDays ?? DEFAULT_RETENTION_DAYS,
    trafficLimitRps: first.trafficLimitRps,
    configurations: [...versions.values()],
  };
}

interface CacheEntry {
  expiresAt: number;
  table: Promise<RoutingTable | null>;
  /** Set once the read is done. */
  loaded?: { table: RoutingTable | null };
  /** The table this entry's read replaces, answered by peek() until the read is done. */
  previous?: { table: RoutingTable | null };
}

/**
 * Tables by service id for `ttlMs`; concurrent misses for one service share one query. A change to a
 * service drops its entry at once (invalidate), so the TTL only bounds how long a missed
 * notification can go unnoticed.
 */
export class RoutingTableCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly load: (serviceId: string) => Promise<RoutingTable | null>,
    private readonly ttlMs = DEFAULT_TABLE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(serviceId: string): Promise<RoutingTable | null> {
    const now = this.now();
    const entry = this.entries.get(serviceId);
    if (entry && entry.expiresAt > now) return entry.table;
    const table = this.load(serviceId);
    const fresh: CacheEntry = { expiresAt: now + this.ttlMs, table, previous: entry?.loaded ?? entry?.previous };
    this.entries.set(serviceId, fresh);
    table.then(
      (loaded) => {
        fresh.loaded = { table: loaded };
        fresh.previous = undefined;
      },
      // A failed read is not cached.
      () => {
        if (this.entries.get(serviceId) === fresh) this.entries.delete(serviceId);
      },
    );
    if (this.entries.size > 10_000) this.sweep(now);
    return table;
  }

  /**
   * The table without waiting, or undefined when there is none in memory (get() would read it).
   * Once the TTL has passed, the table read last is still answered while a fresh read runs in the
   * background: at the TTL's expiry every call would otherwise wait for the same read, which showed
   * as the gateway's p99. A dropped (invalidated) entry is never answered.
   */
  peek(serviceId: string): RoutingTable | null | undefined {
    let entry = this.entries.get(serviceId);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.get(serviceId).catch(() => {});
      entry = this.entries.get(serviceId);
    }
    return (entry?.loaded ?? entry?.previous)?.table;
  }

  invalidate(serviceId?: string): void {
    if (serviceId === undefined) this.entries.clear();
    else this.entries.delete(serviceId);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
