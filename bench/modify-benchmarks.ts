// R16 in the live stack: time from a modify request to every call answering from the new version,
// for a ratio-only change (no restart) and a rolling change (new instances), against what a user
// without Modify does instead: delete the service and deploy it again (a new id and URL, and no
// answers in between). A prober calls the gateway back to back on one connection throughout, so
// the figure includes the gateway noticing the change, and every failed call is counted.
import type { ServiceDetail } from "@rts/contracts";
import { deleteUntilGone, getService, type LiveTarget } from "./live-scenarios.ts";

const POLL_MS = 20;
const DEADLINE_MS = 60_000;
/** The change counts as done once this many calls in a row answered from the new version. */
const SETTLED_CALLS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ChangeTiming {
  /** Request sent -> the first call of the unbroken run of new-version answers, ms. */
  toNewVersionMs: number;
  /** Calls that did not answer 200 between the request and the end of the run. */
  failedCalls: number;
  calls: number;
}

export interface ModifyCaseResult {
  label: string;
  restarts: boolean;
  runs: ChangeTiming[];
}

interface Probe {
  at: number;
  status: number;
  version: string | null;
}

/** Calls the gateway one after another until stopped (bounded by DEADLINE_MS). */
function startProber(url: string, token: string, body: string) {
  const probes: Probe[] = [];
  let running = true;
  const started = performance.now();
  const loop = (async () => {
    while (running && performance.now() - started < DEADLINE_MS) {
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body,
          signal: AbortSignal.timeout(5_000),
        });
        await response.arrayBuffer();
        probes.push({ at: performance.now(), status: response.status, version: response.headers.get("x-model-version") });
      } catch {
        probes.push({ at: performance.now(), status: 0, version: null });
        await sleep(5);
      }
    }
  })();
  return {
    probes,
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function patchService(target: LiveTarget, id: string, body: unknown): Promise<void> {
  const { revision } = await getService(target, id);
  const response = await fetch(`${target.baseUrl}/api/v1/services/${id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json", "if-match": `"${revision}"` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 202) throw new Error(`modify ${id}: expected 202, got ${response.status}: ${(await response.text()).slice(0, 300)}`);
}

async function waitUntil(target: LiveTarget, id: string, done: (s: ServiceDetail) => boolean): Promise<ServiceDetail> {
  const started = performance.now();
  while (performance.now() - started < DEADLINE_MS) {
    const service = await getService(target, id);
    if (done(service)) return service;
    if (service.state === "Failed") throw new Error(`service ${id} Failed: ${service.stateReason ?? "no reason"}`);
    await sleep(POLL_MS);
  }
  throw new Error(`service ${id}: condition not met within ${DEADLINE_MS / 1000} s`);
}

/** Sends `change`, then probes until SETTLED_CALLS calls in a row came from `newVersion`. */
async function timeChange(url: string, target: LiveTarget, body: string, newVersion: string, change: () => Promise<void>): Promise<ChangeTiming> {
  const prober = startProber(url, target.token, body);
  await sleep(300);
  const sentAt = performance.now();
  await change();
  let settledAt: number | null = null;
  while (performance.now() - sentAt < DEADLINE_MS) {
    const after = prober.probes.filter((p) => p.at >= sentAt);
    let streak = 0;
    for (let i = after.length - 1; i >= 0 && after[i]!.status === 200 && after[i]!.version === newVersion; i--) streak++;
    if (streak >= SETTLED_CALLS) {
      settledAt = after[after.length - streak]!.at;
      break;
    }
    await sleep(POLL_MS);
  }
  await prober.stop();
  if (settledAt === null) throw new Error(`calls did not all come from ${newVersion} within ${DEADLINE_MS / 1000} s`);
  const during = prober.probes.filter((p) => p.at >= sentAt);
  return { toNewVersionMs: settledAt - sentAt, failedCalls: during.filter((p) => p.status !== 200).length, calls: during.length };
}

function configuration(versionId: string, trafficRatio: number) {
  return { versionId, trafficRatio, flavorId: "cpu.2u8g", computeNodes: 1, envVars: [] };
}

async function deployRunning(target: LiveTarget, name: string, configurations: unknown[]): Promise<string> {
  const response = await fetch(`${target.baseUrl}/api/v1/services`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json" },
    body: JSON.stringify({ name, description: "benchmark: modify", resourcePool: { type: "public" }, configurations }),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 202) throw new Error(`deploy ${name}: ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const id = ((await response.json()) as { id: string }).id;
  await waitUntil(target, id, (s) => s.state === "Running");
  return id;
}

export async function runModifyBenchmarks(options: {
  target: LiveTarget;
  versions: { v1: string; v2: string };
  runs: number;
  inferBody: string;
  /** Services created here are added so the caller can clean up after a failure. */
  track: Set<string>;
}): Promise<ModifyCaseResult[]> {
  const { target, versions, runs, inferBody, track } = options;
  const url = (id: string) => `${target.baseUrl}/v1/infers/${id}`;
  const ratio: ModifyCaseResult = { label: "ratio-only: 70/30 -> 0/100 (1.0.0/2.0.0)", restarts: false, runs: [] };
  const rolling: ModifyCaseResult = { label: "rolling: version 1.0.0 -> 2.0.0 (new instance)", restarts: true, runs: [] };
  const redeploy: ModifyCaseResult = { label: "instead: delete, then deploy 2.0.0 again (new id)", restarts: true, runs: [] };

  const split = await deployRunning(target, "bench-modify-ratio", [configuration(versions.v1, 70), configuration(versions.v2, 30)]);
  track.add(split);
  for (let run = 0; run < runs; run++) {
    ratio.runs.push(
      await timeChange(url(split), target, inferBody, "2.0.0", () => patchService(target, split, { configurations: [configuration(versions.v1, 0), configuration(versions.v2, 100)] })),
    );
    await patchService(target, split, { configurations: [configuration(versions.v1, 70), configuration(versions.v2, 30)] });
  }
  await deleteUntilGone(target, split);
  track.delete(split);

  const single = await deployRunning(target, "bench-modify-rolling", [configuration(versions.v1, 100)]);
  track.add(single);
  for (let run = 0; run < runs; run++) {
    rolling.runs.push(
      await timeChange(url(single), target, inferBody, "2.0.0", () => patchService(target, single, { configurations: [configuration(versions.v2, 100)] })),
    );
    await waitUntil(target, single, (s) => s.state === "Running");
    await patchService(target, single, { configurations: [configuration(versions.v1, 100)] });
    await waitUntil(target, single, (s) => s.state === "Running");
  }
  await deleteUntilGone(target, single);
  track.delete(single);

  for (let run = 0; run < runs; run++) {
    const old = await deployRunning(target, `bench-redeploy-${run}`, [configuration(versions.v1, 100)]);
    track.add(old);
    const prober = startProber(url(old), target.token, inferBody);
    await sleep(300);
    const sentAt = performance.now();
    await deleteUntilGone(target, old);
    track.delete(old);
    const fresh = await deployRunning(target, `bench-redeploy-${run}`, [configuration(versions.v2, 100)]);
    track.add(fresh);
    await prober.stop();
    // Callers must learn the new URL; the first answer from it is when traffic can be on 2.0.0.
    const first = await fetch(url(fresh), {
      method: "POST",
      headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json" },
      body: inferBody,
    });
    await first.arrayBuffer();
    const during = prober.probes.filter((p) => p.at >= sentAt);
    redeploy.runs.push({ toNewVersionMs: performance.now() - sentAt, failedCalls: during.filter((p) => p.status !== 200).length, calls: during.length });
    await deleteUntilGone(target, fresh);
    track.delete(fresh);
  }
  return [ratio, rolling, redeploy];
}
