// The gateway against what an operator would put in front of a model server instead: nginx from
// Debian's package as a reverse proxy (keep-alive upstream, access log off), measured in the same
// run against the same single instance, with wrk from Debian's package as the load generator (a C
// program, so the load generator takes less of the 2 cores than a Node one would). Paths are
// measured in alternating rounds (direct, nginx, gateway, then again) so that drift of the shared
// machine spreads over all three; each path's figure is the median of its rounds.
// Neither program is needed by CI: when one is missing, the comparison says so and is skipped.
import { spawn, execFile } from "node:child_process";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "@rts/db";
import { median } from "./markdown-tables.ts";
import { cpuSnapshot, cpuUsage, type ProcessGroup } from "./proc-cpu.ts";

const run = promisify(execFile);
const NGINX = "/usr/sbin/nginx";
const WRK = "/usr/bin/wrk";
export const TARGET_NGINX_THROUGHPUT_RATIO = 0.8;
export const TARGET_NGINX_P99_RATIO = 2;
export const TARGET_ADDED_P50_MS = 0.3;

export type ProxyPath = "direct" | "nginx" | "gateway";

export interface WrkRound {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  socketErrors: number;
  /** CPU seconds of the proxy itself (nginx's processes or the API process) per call, in ms. */
  proxyCpuMsPerCall: number | null;
}

export interface PathFigures {
  path: ProxyPath;
  rounds: WrkRound[];
  /** Medians over the rounds. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  proxyCpuMsPerCall: number | null;
}

export interface NginxComparison {
  /** Why the comparison did not run (nginx or wrk missing), when it did not. */
  skipped: string | null;
  nginxVersion: string | null;
  wrkVersion: string | null;
  connections: number;
  seconds: number;
  rounds: number;
  concurrent: PathFigures[];
  /** One connection: what one hop adds to a single caller's latency. */
  sequential: PathFigures[];
}

export interface NginxComparisonOptions {
  /** host:port of the one instance every path ends at. */
  directTarget: string;
  gatewayUrl: string;
  token: string;
  body: string;
  /** The API process (the gateway runs in it); its children (the deploy worker) are not counted. */
  apiPid: number;
  connections: number;
  seconds: number;
  rounds: number;
  log: (message: string) => void;
}

async function installed(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function versionOf(command: string, args: string[]): Promise<string> {
  const { stdout, stderr } = await run(command, args).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? "", stderr: error.stderr ?? "" }));
  return `${stdout}${stderr}`.split("\n").find((line) => line.trim())?.trim() ?? "unknown";
}

function nginxConfig(folder: string, port: number, upstream: string): string {
  return `worker_processes auto;
pid ${folder}/nginx.pid;
error_log ${folder}/error.log warn;
daemon on;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${folder}/body;
  proxy_temp_path ${folder}/proxy;
  fastcgi_temp_path ${folder}/fastcgi;
  uwsgi_temp_path ${folder}/uwsgi;
  scgi_temp_path ${folder}/scgi;
  upstream model { server ${upstream}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://model;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function latencyMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!match) throw new Error(`wrk printed a latency "${text}" this bench cannot read`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

/** Reads wrk's --latency summary. */
export function parseWrk(output: string): Omit<WrkRound, "proxyCpuMsPerCall"> {
  const percentile = (p: string) => {
    const match = new RegExp(`^\\s*${p}%\\s+(\\S+)`, "m").exec(output);
    if (!match) throw new Error(`wrk output has no ${p}% latency:\n${output}`);
    return latencyMs(match[1]!);
  };
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const requests = /(\d+) requests in/.exec(output);
  if (!rps || !requests) throw new Error(`wrk output has no request count:\n${output}`);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return { requestsPerSecond: Number(rps[1]), p50Ms: percentile("50"), p99Ms: percentile("99"), requests: Number(requests[1]), non2xx, socketErrors };
}

async function wrk(folder: string, url: string, headers: Record<string, string>, body: string, connections: number, seconds: number): Promise<string> {
  const script = path.join(folder, `post-${Object.keys(headers).length}.lua`);
  const lines = [`wrk.method = "POST"`, `wrk.body = ${JSON.stringify(body)}`, `wrk.headers["Content-Type"] = "application/json"`];
  for (const [name, value] of Object.entries(headers)) lines.push(`wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`);
  await writeFile(script, `${lines.join("\n")}\n`);
  const threads = Math.min(2, connections);
  const { stdout } = await run(WRK, ["-t", String(threads), "-c", String(connections), "-d", `${seconds}s`, "--latency", "-s", script, url], { timeout: (seconds + 30) * 1000 });
  return stdout;
}

function summarise(pathName: ProxyPath, rounds: WrkRound[]): PathFigures {
  const cpu = rounds.map((r) => r.proxyCpuMsPerCall).filter((v): v is number => v !== null);
  return {
    path: pathName,
    rounds,
    requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    proxyCpuMsPerCall: cpu.length > 0 ? median(cpu) : null,
  };
}

export async function compareWithNginx(options: NginxComparisonOptions): Promise<NginxComparison> {
  const base = { connections: options.connections, seconds: options.seconds, rounds: options.rounds, concurrent: [], sequential: [] };
  const missing: string[] = [];
  for (const file of [NGINX, WRK]) if (!(await installed(file))) missing.push(file);
  if (missing.length > 0) {
    const skipped = `${missing.join(" and ")} not installed (Debian: apt-get install nginx-light wrk)`;
    options.log(`nginx comparison skipped: ${skipped}`);
    return { ...base, skipped, nginxVersion: null, wrkVersion: null };
  }
  const nginxVersion = (await versionOf(NGINX, ["-v"])).replace(/^nginx version:\s*/, "");
  const wrkVersion = (await versionOf(WRK, ["-v"])).split(" [")[0]!;
  const folder = await mkdtemp(path.join(os.tmpdir(), "rts-bench-nginx-"));
  const port = await freePort();
  await writeFile(path.join(folder, "nginx.conf"), nginxConfig(folder, port, options.directTarget));
  await new Promise<void>((resolve, reject) => {
    const child = spawn(NGINX, ["-p", folder, "-c", path.join(folder, "nginx.conf")], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`nginx exited with code ${code}; see ${folder}/error.log`))));
  });
  const masterPid = Number((await readFile(path.join(folder, "nginx.pid"), "utf8")).trim());
  try {
    const urls: Record<ProxyPath, string> = {
      direct: `http://${options.directTarget}/predict`,
      nginx: `http://127.0.0.1:${port}/predict`,
      gateway: options.gatewayUrl,
    };
    const headers: Record<ProxyPath, Record<string, string>> = { direct: {}, nginx: {}, gateway: { Authorization: `Bearer ${options.token}` } };
    const groups: Record<ProxyPath, ProcessGroup[]> = {
      direct: [],
      nginx: [{ name: "proxy", pids: [masterPid], withDescendants: true }],
      gateway: [{ name: "proxy", pids: [options.apiPid] }],
    };
    const measure = async (which: ProxyPath, connections: number, seconds: number): Promise<WrkRound> => {
      const before = await cpuSnapshot();
      const parsed = parseWrk(await wrk(folder, urls[which], headers[which], options.body, connections, seconds));
      const after = await cpuSnapshot();
      if (parsed.non2xx > 0 || parsed.socketErrors > 0) {
        throw new Error(`${which}: ${parsed.non2xx} non-2xx answers and ${parsed.socketErrors} socket errors out of ${parsed.requests}`);
      }
      const cpu = groups[which].length > 0 ? (await cpuUsage(before, after, groups[which])).groups.proxy! : null;
      const round = { ...parsed, proxyCpuMsPerCall: cpu === null ? null : (cpu * 1000) / parsed.requests };
      options.log(
        `${which}, ${connections} connection(s): ${round.requestsPerSecond.toFixed(0)} req/s, p50 ${round.p50Ms.toFixed(2)} ms, p99 ${round.p99Ms.toFixed(2)} ms${round.proxyCpuMsPerCall === null ? "" : `, proxy CPU ${round.proxyCpuMsPerCall.toFixed(3)} ms/call`}`,
      );
      return round;
    };
    const order: ProxyPath[] = ["direct", "nginx", "gateway"];
    // Warm-up: connections, JIT and the gateway's token and routing-table caches.
    for (const which of order) await measure(which, options.connections, 2);
    const concurrent = new Map<ProxyPath, WrkRound[]>(order.map((p) => [p, []]));
    const sequential = new Map<ProxyPath, WrkRound[]>(order.map((p) => [p, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const which of order) concurrent.get(which)!.push(await measure(which, options.connections, options.seconds));
      for (const which of order) sequential.get(which)!.push(await measure(which, 1, Math.max(2, Math.round(options.seconds / 2))));
    }
    return {
      ...base,
      skipped: null,
      nginxVersion,
      wrkVersion,
      concurrent: order.map((p) => summarise(p, concurrent.get(p)!)),
      sequential: order.map((p) => summarise(p, sequential.get(p)!)),
    };
  } finally {
    process.kill(masterPid, "SIGTERM");
    await rm(folder, { recursive: true, force: true }).catch(() => {});
  }
}
