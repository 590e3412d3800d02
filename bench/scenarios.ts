// The timed HTTP calls. Each check throws on an unexpected status, so a broken run stops instead of
// timing error responses.
import type { DeployServiceRequest } from "@rts/contracts";
import type { BenchUser } from "./seed-bulk-services.ts";
import { BENCH_FLAVOR } from "./seed-bulk-services.ts";

export interface DeployUser extends BenchUser {
  versionId: string;
}

/** Small deterministic PRNG (mulberry32) so runs pick the same users in the same order. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function call(
  baseUrl: string,
  token: string,
  method: "GET" | "POST",
  path: string,
  expected: number,
  body?: unknown,
): Promise<string> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status !== expected) {
    throw new Error(`${method} ${path}: expected ${expected}, got ${response.status}: ${text.slice(0, 500)}`);
  }
  return text;
}

export const LIST_PATH = "/api/v1/services?page=1&pageSize=20";
/** The console's search box and state filter, sorted by name: a different index path than the default. */
export const FILTERED_LIST_PATH = "/api/v1/services?q=svc-1&state=Running&sort=name&order=asc&page=1&pageSize=20";

export async function listServices(baseUrl: string, user: BenchUser, path = LIST_PATH): Promise<void> {
  await call(baseUrl, user.token, "GET", path, 200);
}

/** One list call whose body is checked in full, to prove the data set is what the bench assumes. */
export async function checkListShape(baseUrl: string, user: BenchUser, expectedTotal: number): Promise<void> {
  const list = JSON.parse(await call(baseUrl, user.token, "GET", LIST_PATH, 200)) as { items: unknown[]; total: number };
  if (list.total !== expectedTotal || list.items.length !== Math.min(20, expectedTotal)) {
    throw new Error(`list for ${user.username}: expected ${expectedTotal} services, got total ${list.total}, ${list.items.length} items`);
  }
}

export function deployRequest(user: DeployUser, name: string): DeployServiceRequest {
  return {
    name,
    description: "",
    resourcePool: { type: "public" },
    multiPoolLoadBalancing: false,
    configurations: [
      { versionId: user.versionId, trafficRatio: 100, flavorId: BENCH_FLAVOR.id, computeNodes: 1, envVars: [] },
    ],
    timeoutMinutes: 20,
    websocket: false,
    dataCollection: { enabled: false },
    trafficLimit: null,
    autoStop: null,
  };
}

export async function dryRunDeploy(baseUrl: string, user: DeployUser, name: string): Promise<void> {
  const text = await call(baseUrl, user.token, "POST", "/api/v1/services?dryRun=true", 200, deployRequest(user, name));
  const preview = JSON.parse(text) as { valid: boolean; issues: unknown[] };
  if (!preview.valid) throw new Error(`dry run for ${user.username}/${name} was not valid: ${JSON.stringify(preview.issues)}`);
}

export async function deploy(baseUrl: string, user: DeployUser, name: string): Promise<void> {
  await call(baseUrl, user.token, "POST", "/api/v1/services", 202, deployRequest(user, name));
}
