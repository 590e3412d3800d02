// Continuous calls through the gateway at a fixed rate, for tests that change a service under load
// and count failed calls. Bounded: it stops by itself after `maxSeconds` even if nobody stops it.

export interface CallResult {
  /** ms since the load started, when the answer arrived. */
  at: number;
  status: number;
  version: string | null;
}

export interface SteadyLoad {
  results: CallResult[];
  /** Stops sending and waits for the calls in flight. */
  stop(): Promise<CallResult[]>;
  /** ms since the load started. */
  elapsed(): number;
}

export function startSteadyLoad(options: { url: string; token: string; body: unknown; perSecond?: number; maxSeconds?: number }): SteadyLoad {
  const perSecond = options.perSecond ?? 25;
  const started = Date.now();
  const results: CallResult[] = [];
  const inFlight = new Set<Promise<void>>();
  const call = async () => {
    let status = 0;
    let version: string | null = null;
    try {
      const response = await fetch(options.url, {
        method: "POST",
        headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json" },
        body: JSON.stringify(options.body),
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      version = response.headers.get("x-model-version");
      await response.arrayBuffer();
    } catch {
      status = 0;
    }
    results.push({ at: Date.now() - started, status, version });
  };
  let sent = 0;
  // Catches up after a late tick (a busy event loop), so the rate holds on a loaded machine.
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * perSecond);
    for (; sent < due; sent++) {
      const p = call().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  }, 1000 / perSecond);
  const limit = setTimeout(() => clearInterval(timer), (options.maxSeconds ?? 120) * 1000);
  return {
    results,
    elapsed: () => Date.now() - started,
    async stop() {
      clearInterval(timer);
      clearTimeout(limit);
      await Promise.all(inFlight);
      return results;
    },
  };
}
