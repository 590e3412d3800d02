// Latency sampling and summary statistics. Every loop runs a fixed number of times.

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  /** Completed requests per second of wall-clock time for the whole measured phase. */
  throughput: number;
}

/** Nearest-rank percentile (p in 0..100) of an ascending-sorted array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[], wallMs: number): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, x) => sum + x, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.length ? total / sorted.length : Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    throughput: wallMs > 0 ? (sorted.length * 1000) / wallMs : Number.NaN,
  };
}

/** Runs `request(i)` for i = 0..count-1 one after another and times each call in milliseconds. */
export async function measureSequential(count: number, request: (i: number) => Promise<void>): Promise<LatencySummary> {
  return measureConcurrent(count, 1, request);
}

/**
 * Runs `request(i)` for i = 0..count-1 with at most `concurrency` calls in flight, timing each call.
 * Throughput is count divided by the wall-clock time of the whole phase.
 */
export async function measureConcurrent(
  count: number,
  concurrency: number,
  request: (i: number) => Promise<void>,
): Promise<LatencySummary> {
  const samples: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const started = performance.now();
      await request(i);
      samples.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return summarize(samples, performance.now() - started);
}

/** Runs `request(i)` for i = 0..count-1 sequentially without timing (JIT, plan cache and pool warm-up). */
export async function warmUp(count: number, request: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < count; i++) await request(i);
}
