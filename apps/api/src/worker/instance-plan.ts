// Which instances a service should have: one per compute node of each version configuration,
// split evenly over the two pools with multi-pool load balancing (R4), else all in its one pool.

export interface PlannedInstance {
  configurationId: string;
  poolId: string;
  ordinal: number;
}

export function planInstances(
  configurations: Array<{ id: string; computeNodes: number }>,
  poolIds: string[],
  multiPool: boolean,
): PlannedInstance[] {
  const plan: PlannedInstance[] = [];
  for (const configuration of configurations) {
    if (multiPool && poolIds.length === 2) {
      const perPool = Math.ceil(configuration.computeNodes / 2);
      for (const [index, poolId] of poolIds.entries()) {
        const count = index === 0 ? perPool : configuration.computeNodes - perPool;
        for (let ordinal = 0; ordinal < count; ordinal++) plan.push({ configurationId: configuration.id, poolId, ordinal });
      }
    } else {
      for (let ordinal = 0; ordinal < configuration.computeNodes; ordinal++) {
        plan.push({ configurationId: configuration.id, poolId: poolIds[0]!, ordinal });
      }
    }
  }
  return plan;
}
