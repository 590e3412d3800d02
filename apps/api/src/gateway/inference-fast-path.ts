// The common inference call, `POST /v1/infers/{id}` with a bearer token and a JSON body, answered on
// the raw Node request before Fastify sees it. Profiling showed the per-call cost was not the proxy
// hop itself but the request lifecycle around it (hooks of every plugin, a child logger, schema
// validation, reply decoration), which put the gateway at a third of nginx's throughput.
//
// It takes a call only when everything it needs is already in memory and nothing special applies:
// the token's owner is cached, the service's routing table is cached and fresh, the caller owns a
// service that serves plain HTTP now, without a traffic limit or data collection, and the body's
// length is declared and within the limit. Any other call (the first of a token or a table, a
// refusal, a WebSocket, a limit, sampling, OIP, a session cookie) is left untouched for the Fastify
// route, which answers it in full. So the fast path never refuses a call: it only forwards.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyBaseLogger } from "fastify";
import type { Agent } from "undici";
import { PROBLEM_TYPES, type Problem } from "@rts/contracts";
import { unreadableJsonProblem } from "../plugins/errors.ts";
import type { RoutingTable } from "./routing-table.ts";
import type { Target } from "./traffic-split.ts";
import { forwardWithFailover, forwardedHeaders, originOf, relayAnswer } from "./upstream-forwarder.ts";

/** Answers the request and returns true, or returns false having touched nothing. */
export type RawRequestHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

export interface FastPathCall {
  serviceId: string;
  table: RoutingTable;
  target: Target;
  upstreamFailed: boolean;
}

export interface FastPathDependencies {
  /** The user of a cached bearer token, or null. */
  cachedUser(authorization: string | undefined): { id: string } | null;
  /** The service's routing table when cached and fresh; undefined when it would have to be read. */
  cachedTable(serviceId: string): RoutingTable | null | undefined;
  /** True when the service serves calls now (state, instances) on this route. */
  serves(table: RoutingTable): boolean;
  /** An instance of the split, leaving out `excluded` instances. */
  pick(table: RoutingTable, excluded?: ReadonlySet<string>): Target | null;
  upstreams: Agent;
  /** Metrics of a forwarded call. */
  record(call: FastPathCall, statusCode: number, latencyMs: number): void;
  /** Headers every answer carries (security headers). */
  headers: Readonly<Record<string, string>>;
  bodyLimit: number;
  log: FastifyBaseLogger;
  /** False once the app is closing: calls then go through Fastify, which refuses them. */
  accepting(): boolean;
}

const PREFIX = "/v1/infers/";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const type = value.split(";", 1)[0]!.trim().toLowerCase();
  return type === "application/json";
}

export function inferenceFastPath(deps: FastPathDependencies): RawRequestHandler {
  return (request, response) => {
    const url = request.url;
    if (request.method !== "POST" || !url?.startsWith(PREFIX) || url.length !== PREFIX.length + 36) return false;
    const serviceId = url.slice(PREFIX.length);
    if (!UUID.test(serviceId) || !deps.accepting()) return false;
    const headers = request.headers;
    const length = Number(headers["content-length"]);
    if (!(length > 0 && length <= deps.bodyLimit) || headers["transfer-encoding"] !== undefined || !isJsonContentType(headers["content-type"])) return false;
    const user = deps.cachedUser(headers.authorization);
    if (!user) return false;
    const table = deps.cachedTable(serviceId);
    if (!table || table.ownerId !== user.id || !deps.serves(table)) return false;
    if (table.websocket || table.trafficLimitRps !== null || table.dataCollectionEnabled) return false;
    const target = deps.pick(table);
    if (!target) return false;
    answer(deps, request, response, { serviceId, table, target, upstreamFailed: false }).catch((error: unknown) => {
      deps.log.error({ err: error, serviceId }, "inference call failed");
      if (!response.headersSent) writeProblem(deps, response, request, { type: PROBLEM_TYPES.internal, title: "Internal error", status: 500, detail: "Something went wrong on our side. Try again; if it persists, report the time of the call." });
      else response.destroy();
    });
    return true;
  };
}

async function answer(deps: FastPathDependencies, request: IncomingMessage, response: ServerResponse, call: FastPathCall): Promise<void> {
  const started = performance.now();
  const body = await readBody(request);
  if (body === null) return;
  try {
    JSON.parse(body.toString("utf8"));
  } catch {
    writeProblem(deps, response, request, unreadableJsonProblem());
    return;
  }
  const upstream = { method: "POST" as const, path: "/predict", headers: forwardedHeaders(request.headers, randomUUID()), body };
  const outcome = await forwardWithFailover(
    call.target,
    (target) =>
      relayAnswer(deps.upstreams, originOf(target), upstream, response, (headers) => ({
        ...deps.headers,
        ...headers,
        "x-model-version": headers["x-model-version"] ?? target.version,
      })),
    (tried) => deps.pick(call.table, tried),
  );
  call.target = outcome.target;
  // A caller that went away ended the call; there is no one to answer.
  if (outcome.failure && response.destroyed) return;
  if (outcome.failure) {
    call.upstreamFailed = true;
    deps.log.warn({ serviceId: call.serviceId, version: call.target.version, instanceId: call.target.instanceId, err: outcome.failure.error }, "upstream failed");
    writeProblem(deps, response, request, outcome.failure.problem, { "x-model-version": call.target.version });
    deps.record(call, 502, performance.now() - started);
    return;
  }
  deps.record(call, outcome.answer, performance.now() - started);
}

/** The request body; null when the caller went away before sending all of it. */
function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.on("error", () => resolve(null));
    request.on("aborted", () => resolve(null));
  });
}

function writeProblem(deps: FastPathDependencies, response: ServerResponse, request: IncomingMessage, problem: Problem, extra: Record<string, string> = {}): void {
  const text = JSON.stringify({ ...problem, instance: problem.instance ?? request.url });
  response
    .writeHead(problem.status, { ...deps.headers, ...extra, "content-type": "application/problem+json", "content-length": Buffer.byteLength(text) })
    .end(text);
}
