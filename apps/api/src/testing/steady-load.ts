// A bounded load generator for tests: calls one URL at a steady rate with a cap on calls in flight,
// records when each call started, its status and answering version, and stops by itself at `maxMs`.
export interface LoadCall {
  startedAt: number;
  status: number;
  version: string | null;
}

export interface LoadRun {
  readonly calls: readonly LoadCall[];
  /** Stops launching calls, waits for those in flight; answers the completed rate. */
  stop(): Promise<{ calls: LoadCall[]; ratePerSecond: number }>;
}

export function steadyLoad(options: { url: string; token: string; body: unknown; ratePerSecond: number; maxInFlight: number; maxMs: number }): LoadRun {
  const calls: LoadCall[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  let stoppedAt: number | null = null;
  let launched = 0;
  const launchOne = () => {
    launched += 1;
    const startedAt = Date.now();
    const call = fetch(options.url, {
      method: "POST",
      headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json" },
      body: JSON.stringify(options.body),
      signal: AbortSignal.timeout(10_000),
    })
      .then(async (res) => {
        await res.arrayBuffer();
        calls.push({ startedAt, status: res.status, version: res.headers.get("x-model-version") });
      })
      .catch(() => {
        calls.push({ startedAt, status: 0, version: null });
      })
      .finally(() => inFlight.delete(call));
    inFlight.add(call);
  };
  // Calls are due by the clock, not by timer ticks: a late tick launches what it owes.
  const launchDue = () => {
    const elapsed = Date.now() - started;
    if (elapsed >= options.maxMs) return halt();
    const due = Math.floor((elapsed / 1000) * options.ratePerSecond) - launched;
    for (let i = 0; i < due && inFlight.size < options.maxInFlight; i++) launchOne();
  };
  const timer = setInterval(launchDue, 10);
  const halt = () => {
    clearInterval(timer);
    stoppedAt ??= Date.now();
  };
  return {
    calls,
    async stop() {
      halt();
      await Promise.all([...inFlight]);
      const seconds = ((stoppedAt ?? Date.now()) - started) / 1000;
      return { calls: [...calls], ratePerSecond: calls.length / seconds };
    },
  };
}
