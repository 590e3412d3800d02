// Pure routing choices: version by traffic ratio (R5), pool (R4 multi-pool), instance; and the
// metrics and data-collection helpers that need no database.
import { describe, expect, it } from "vitest";
import { RoutingTableCache, type RoutingTable } from "./routing-table.ts";
import { LATENCY_BUCKETS_MS, MinuteAggregator, bucketIndex, estimatePercentile, statusClass } from "./metrics.ts";
import { SAMPLE_BODY_LIMIT_BYTES, captureBody, shouldSample } from "./data-collection.ts";
import { RoundRobin, chooseTarget, pickWeighted, type RoutedConfiguration } from "./traffic-split.ts";

/** A small deterministic random source (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function config(id: string, ratio: number, pools: Record<string, number[]>): RoutedConfiguration {
  return {
    versionId: `version-${id}`,
    version: id,
    trafficRatio: ratio,
    pools: Object.entries(pools).map(([poolId, ports]) => ({ poolId, instances: ports.map((port) => ({ instanceId: `${poolId}-${port}`, host: "127.0.0.1", port })) })),
  };
}

describe("pickWeighted", () => {
  it("R5 splits 1,000 picks at 70/30 within 5 points", () => {
    const random = seeded(42);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 1000; i++) counts[pickWeighted(["a", "b"] as const, (x) => (x === "a" ? 70 : 30), random)!] += 1;
    expect(Math.abs(counts.a / 10 - 70)).toBeLessThanOrEqual(5);
    expect(counts.a + counts.b).toBe(1000);
  });

  it("maps the random number onto the cumulative weights and never picks a zero weight", () => {
    const items = [{ id: "x", w: 0 }, { id: "a", w: 70 }, { id: "b", w: 30 }];
    expect(pickWeighted(items, (i) => i.w, () => 0)?.id).toBe("a");
    expect(pickWeighted(items, (i) => i.w, () => 0.6999)?.id).toBe("a");
    expect(pickWeighted(items, (i) => i.w, () => 0.7)?.id).toBe("b");
    expect(pickWeighted(items, (i) => i.w, () => 0.999999)?.id).toBe("b");
    expect(pickWeighted([{ w: 0 }], (i) => i.w, () => 0.5)).toBeUndefined();
    expect(pickWeighted([], () => 1)).toBeUndefined();
  });
});

describe("chooseTarget", () => {
  it("R4 takes turns between the two pools, then between a pool's instances", () => {
    const rr = new RoundRobin();
    const table = [config("1.0.0", 100, { east: [1, 2], west: [3, 4] })];
    const ports = Array.from({ length: 8 }, () => chooseTarget("s", table, Math.random, rr)!.port);
    expect(ports).toEqual([1, 3, 2, 4, 1, 3, 2, 4]);
  });

  it("R4 skips a pool with no healthy instance: the other pool serves everything", () => {
    const rr = new RoundRobin();
    const table = [config("1.0.0", 100, { east: [], west: [3] })];
    const pools = Array.from({ length: 5 }, () => chooseTarget("s", table, Math.random, rr)!.poolId);
    expect(pools).toEqual(["west", "west", "west", "west", "west"]);
  });

  it("R5 a version without healthy instances gives its share to the others; none healthy is no target", () => {
    const rr = new RoundRobin();
    const random = seeded(7);
    const table = [config("1.0.0", 70, { public: [] }), config("2.0.0", 30, { public: [9] })];
    for (let i = 0; i < 50; i++) expect(chooseTarget("s", table, random, rr)?.version).toBe("2.0.0");
    expect(chooseTarget("s", [config("1.0.0", 100, { public: [] })], random, rr)).toBeUndefined();
    expect(chooseTarget("s", [], random, rr)).toBeUndefined();
  });

  it("R5 routes 70/30 over 1,000 calls within 5 points", () => {
    const rr = new RoundRobin();
    const random = seeded(2026);
    const table = [config("1.0.0", 70, { public: [1] }), config("2.0.0", 30, { public: [2] })];
    let v1 = 0;
    for (let i = 0; i < 1000; i++) if (chooseTarget("s", table, random, rr)!.version === "1.0.0") v1 += 1;
    expect(Math.abs(v1 / 10 - 70)).toBeLessThanOrEqual(5);
  });
});

describe("routing table cache", () => {
  it("reads a service once per TTL, shares concurrent misses, and forgets on invalidate", async () => {
    let now = 0;
    let loads = 0;
    const table = { serviceId: "s" } as RoutingTable;
    const cache = new RoutingTableCache(async () => ((loads += 1), table), 500, () => now);
    await Promise.all([cache.get("s"), cache.get("s"), cache.get("s")]);
    expect(loads).toBe(1);
    now = 499;
    await cache.get("s");
    expect(loads).toBe(1);
    now = 500;
    await cache.get("s");
    expect(loads).toBe(2);
    cache.invalidate("s");
    await cache.get("s");
    expect(loads).toBe(3);
  });

  it("peek answers the table in memory without waiting: the last one read while a fresh read runs, never one dropped by a change", async () => {
    let now = 0;
    let version = 1;
    let release: () => void = () => {};
    const cache = new RoutingTableCache(
      async () => {
        const read = { serviceId: "s", state: `v${version}` } as unknown as RoutingTable;
        if (version > 1) await new Promise<void>((resolve) => (release = resolve));
        return read;
      },
      500,
      () => now,
    );
    expect(cache.peek("s")).toBeUndefined();
    await cache.get("s");
    expect(cache.peek("s")?.state).toBe("v1");
    version = 2;
    now = 600;
    expect(cache.peek("s")?.state).toBe("v1");
    expect(cache.peek("s")?.state).toBe("v1");
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.peek("s")?.state).toBe("v2");
    cache.invalidate("s");
    expect(cache.peek("s")).toBeUndefined();
  });

  it("does not keep a failed read", async () => {
    let fail = true;
    const cache = new RoutingTableCache(async () => {
      if (fail) throw new Error("db down");
      return null;
    }, 10_000);
    await expect(cache.get("s")).rejects.toThrow("db down");
    fail = false;
    await expect(cache.get("s")).resolves.toBeNull();
  });
});

describe("latency histogram", () => {
  it("puts latencies into the fixed buckets, the slowest into the open last one", () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(5)).toBe(0);
    expect(bucketIndex(5.1)).toBe(1);
    expect(bucketIndex(99_999)).toBe(LATENCY_BUCKETS_MS.length);
  });

  it("estimates percentiles by interpolating inside the bucket", () => {
    const buckets = new Array(LATENCY_BUCKETS_MS.length + 1).fill(0);
    buckets[1] = 50; // 5-10 ms
    buckets[3] = 50; // 25-50 ms
    expect(estimatePercentile(buckets, 0.5)).toBe(10);
    expect(estimatePercentile(buckets, 0.25)).toBe(7.5);
    expect(estimatePercentile(buckets, 0.99)).toBeCloseTo(49.5, 1);
    expect(estimatePercentile(new Array(13).fill(0), 0.5)).toBeNull();
    const slow = new Array(13).fill(0);
    slow[12] = 3;
    expect(estimatePercentile(slow, 0.99)).toBe(30_000);
  });

  it("aggregates per service and minute, and hands cells back after a failed write", () => {
    const agg = new MinuteAggregator();
    agg.record("a", 3, false, 60_000);
    agg.record("a", 700, true, 60_500);
    agg.record("a", 3, false, 120_000);
    agg.record("b", 3, false, 60_000);
    const cells = agg.drain();
    expect(cells).toHaveLength(3);
    const a1 = cells.find((c) => c.serviceId === "a" && c.minute.getTime() === 60_000)!;
    expect([a1.calls, a1.errors, a1.latencySumMs, a1.buckets[0], a1.buckets[7]]).toEqual([2, 1, 703, 1, 1]);
    expect(agg.size).toBe(0);
    agg.restore(cells);
    agg.record("a", 3, false, 60_000);
    expect(agg.drain().find((c) => c.serviceId === "a" && c.minute.getTime() === 60_000)!.calls).toBe(3);
  });

  it("classes statuses: a model's 4xx is not an error class, an unreachable instance is", () => {
    expect(statusClass(200, false)).toBe("2xx");
    expect(statusClass(400, false)).toBe("4xx");
    expect(statusClass(503, false)).toBe("5xx");
    expect(statusClass(502, true)).toBe("upstream_error");
  });
});

describe("data collection helpers", () => {
  it("R11 samples by percentage: off or 0% never, 100% always, 30% about 30%", () => {
    expect(shouldSample(false, 100)).toBe(false);
    expect(shouldSample(true, 0)).toBe(false);
    expect(shouldSample(true, 100, () => 0.9999)).toBe(true);
    const random = seeded(3);
    let kept = 0;
    for (let i = 0; i < 1000; i++) if (shouldSample(true, 30, random)) kept += 1;
    expect(Math.abs(kept / 10 - 30)).toBeLessThanOrEqual(5);
  });

  it("R11 caps stored bodies at 64 KiB with a truncation marker", () => {
    expect(captureBody(Buffer.from('{"label":"billing"}'))).toEqual({ label: "billing" });
    expect(captureBody(Buffer.from("plain text"))).toBe("plain text");
    expect(captureBody(Buffer.alloc(SAMPLE_BODY_LIMIT_BYTES + 1, 0x61))).toMatchObject({ truncated: true, bytes: SAMPLE_BODY_LIMIT_BYTES + 1 });
  });
});
