// Where one inference call goes: a version by traffic ratio, then a pool, then an instance. Pure
// functions over a routing table; randomness and round-robin positions are passed in, so tests
// drive them deterministically.

export interface RoutedInstance {
  instanceId: string;
  host: string;
  port: number;
}

/** A version of the service with its share of calls and its serving instances. */
export interface RoutedConfiguration {
  versionId: string;
  /** The version string, e.g. "2.0.0", answered as X-Model-Version. */
  version: string;
  trafficRatio: number;
  /** Healthy instances by pool id, pools in a stable order (the service's pool order). */
  pools: Array<{ poolId: string; instances: RoutedInstance[] }>;
}

export interface Target {
  versionId: string;
  version: string;
  poolId: string;
  instanceId: string;
  host: string;
  port: number;
}

/** A source of numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

/**
 * Picks one item with probability weight / sum(weights). Items with a weight <= 0 are never
 * picked; returns undefined when no item has a positive weight.
 */
export function pickWeighted<T>(items: readonly T[], weight: (item: T) => number, random: RandomSource = Math.random): T | undefined {
  let total = 0;
  for (const item of items) total += Math.max(0, weight(item));
  if (total <= 0) return undefined;
  let point = random() * total;
  let last: T | undefined;
  for (const item of items) {
    const w = Math.max(0, weight(item));
    if (w <= 0) continue;
    last = item;
    if (point < w) return item;
    point -= w;
  }
  return last; // floating-point leftovers land on the last positive item
}

/** Round-robin positions by key ("config" or "config/pool"); lives as long as the gateway. */
export class RoundRobin {
  private readonly positions = new Map<string, number>();

  next<T>(key: string, items: readonly T[]): T | undefined {
    if (items.length === 0) return undefined;
    const position = this.positions.get(key) ?? 0;
    this.positions.set(key, (position + 1) % 1_000_000_007);
    return items[position % items.length];
  }
}

/**
 * The whole choice for one call. A version takes traffic by its ratio among the versions that have
 * a healthy instance (a version with none gives its share to the others; a 0% version gets none);
 * then pools take turns among those that have a healthy instance of that version (R4: if one pool
 * has none, the other serves everything); then that pool's instances take turns.
 */
export function chooseTarget(
  serviceId: string,
  configurations: readonly RoutedConfiguration[],
  random: RandomSource,
  roundRobin: RoundRobin,
): Target | undefined {
  const serving = configurations.filter((c) => c.pools.some((p) => p.instances.length > 0));
  const configuration = pickWeighted(serving, (c) => c.trafficRatio, random);
  if (!configuration) return undefined;
  const pools = configuration.pools.filter((p) => p.instances.length > 0);
  const pool = roundRobin.next(`${serviceId}/${configuration.versionId}`, pools);
  if (!pool) return undefined;
  const instance = roundRobin.next(`${serviceId}/${configuration.versionId}/${pool.poolId}`, pool.instances);
  if (!instance) return undefined;
  return {
    versionId: configuration.versionId,
    version: configuration.version,
    poolId: pool.poolId,
    instanceId: instance.instanceId,
    host: instance.host,
    port: instance.port,
  };
}
