// The inference gateway: `POST /v1/infers/:serviceId` (and a WebSocket upgrade on `GET` of the same
// path for WebSocket services), and the Open Inference Protocol v2 under `/v1/infers/:serviceId/v2`
// (open-inference-routes.ts). It authenticates the caller as the service's owner, applies the
// traffic limit, picks a version by traffic ratio, a pool and an instance, proxies the call, and
// records metrics and data-collection samples (Prometheus text is served by metrics-endpoint.ts).
import fp from "fastify-plugin";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { WebSocket, type RawData } from "ws";
import { z } from "zod";
import { countNoun, PROBLEM_TYPES } from "@rts/contracts";
import { SAMPLE_REQUESTS } from "@rts/db";
import { sendProblem } from "../plugins/errors.ts";
import { HttpProblem } from "../plugins/http-problem.ts";
import { captureBody, shouldSample } from "./data-collection.ts";
import { DEFAULT_SAMPLE_LIMITS, SampleRecorder, type SampleLimits } from "./sample-recorder.ts";
import { InferenceMetricsBuffer, METRICS_FLUSH_INTERVAL_MS, createPrometheus, statusClass, type Prometheus } from "./metrics.ts";
import { RoutingTableCache, loadRoutingTable, type RoutedVersion, type RoutingTable } from "./routing-table.ts";
import { registerOpenInferenceRoutes } from "./open-inference-routes.ts";
import { selectLiveService } from "../modules/services/service-sql.ts";
import { LIVE_EVENT_READ_LIMIT } from "./live-service-feed.ts";
import { ServiceEventHub } from "./service-events.ts";
import { stateRefusalDetail, type RefusalAudience } from "./state-refusal.ts";
import { RoundRobin, chooseTarget, type RandomSource, type Target } from "./traffic-split.ts";
import { callInstance, createUpstreamAgent, forwardWithFailover, forwardedHeaders, originOf } from "./upstream-forwarder.ts";
import { inferenceFastPath, type RawRequestHandler } from "./inference-fast-path.ts";
import { securityHeaders } from "../plugins/security-headers.ts";

export const FLUSH_INTERVAL_MS = METRICS_FLUSH_INTERVAL_MS;
// Updating keeps serving on the instances marked serving while the new ones start (R16).
const SERVING_STATES = new Set(["Running", "Concerning", "Updating"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BEARER_SUBPROTOCOL = "bearer.";

/**
 * Options for @fastify/websocket. Browsers cannot set Authorization on a WebSocket, so a
 * `bearer.<token>` subprotocol stands in for it; the server answers with another offered
 * subprotocol (e.g. "rts") and echoes the bearer one only when it is the only one offered.
 */
export const websocketOptions = {
  maxPayload: 1024 * 1024,
  handleProtocols: (protocols: Set<string>): string | false => {
    for (const p of protocols) if (!p.startsWith(BEARER_SUBPROTOCOL)) return p;
    const [first] = protocols;
    return first ?? false;
  },
};

export interface GatewayOptions {
  databaseUrl?: string;
  /** Random source for version choice and sampling (tests inject one). */
  random?: RandomSource;
  tableTtlMs?: number;
  flushIntervalMs?: number;
  sampleLimits?: Partial<SampleLimits>;
  /** Receives the handler for plain inference calls that runs before Fastify (see inference-fast-path.ts). */
  installFastPath?: (handler: RawRequestHandler) => void;
}

interface GatewayCall {
  serviceId: string;
  /** The versions this call may go to (all of the split, or those a route narrowed it to). */
  candidates: RoutedVersion[];
  /** The path on the instance: "/predict", or the same "/v2/..." an OIP client asked for. */
  upstreamPath: string;
  target: Target;
  sample: boolean;
  retentionDays: number;
  upstreamFailed: boolean;
  /** The answer as a data-collection sample stores it (sampled calls and gateway failures only). */
  responseBody?: unknown;
}

export interface Gateway {
  tables: RoutingTableCache;
  events: ServiceEventHub;
  prometheus: Prometheus;
  /** Writes buffered metrics and samples now (also runs every few seconds and on close). */
  flush(): Promise<void>;
  samples: SampleRecorder;
}

declare module "fastify" {
  interface FastifyInstance {
    gateway: Gateway;
  }
  interface FastifyRequest {
    gatewayTable: RoutingTable | null;
    gatewayCall: GatewayCall | null;
    gatewayTarget: Target | null;
  }
}

function problem(status: number, title: string, detail: string, type: string = PROBLEM_TYPES.unavailable): HttpProblem {
  return new HttpProblem({ type, title, status, detail });
}

function serviceNotFound(): HttpProblem {
  return HttpProblem.notFound("Service");
}

function stateRefusal(table: RoutingTable, audience: RefusalAudience): HttpProblem {
  return problem(503, "Service unavailable", stateRefusalDetail(table.state, table.serviceId, audience));
}

/** WebSocket close codes that may be sent on the wire (1005/1006/1015 only describe a close). */
function sendableCloseCode(code: number): number {
  if (code === 1005) return 1000;
  if (code === 1006 || code === 1015) return 1011;
  if ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)) return code;
  return 1011;
}

function closeQuietly(socket: WebSocket, code: number, reason: string | Buffer): void {
  const text = Buffer.isBuffer(reason) ? reason.toString("utf8") : reason;
  let short = text;
  while (Buffer.byteLength(short) > 123) short = short.slice(0, -1);
  if (socket.readyState === WebSocket.OPEN) socket.close(sendableCloseCode(code), short);
  else if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
}

export const gatewayPlugin = fp<GatewayOptions>(async (parent, options) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const random = options.random ?? Math.random;
  const tables = new RoutingTableCache((id) => loadRoutingTable(app.prisma, id), options.tableTtlMs);
  const roundRobin = new RoundRobin();
  const metrics = new InferenceMetricsBuffer();
  const prometheus = createPrometheus();
  const samples = new SampleRecorder(app.prisma, { ...DEFAULT_SAMPLE_LIMITS, ...options.sampleLimits }, (reason, count) => {
    prometheus.samplesLost.inc({ reason }, count);
    app.log.warn({ reason, count }, "data-collection samples not kept");
  });
  const events = new ServiceEventHub(options.databaseUrl, app.log, (ownerId, serviceId) =>
    selectLiveService(app.prisma, ownerId, serviceId, LIVE_EVENT_READ_LIMIT),
  );
  events.onNotification((n) => tables.invalidate(n.serviceId));

  let flushing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    flushing = flushing.then(async () => {
      try {
        await metrics.flush(app.prisma);
      } catch (error) {
        app.log.warn({ err: error }, "writing inference metrics failed; will retry");
      }
      try {
        await samples.flush();
      } catch (error) {
        app.log.warn({ err: error, buffered: samples.size }, "writing data-collection samples failed; will retry");
      }
    });
    return flushing;
  };
  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? FLUSH_INTERVAL_MS);
  timer.unref();

  app.decorate("gateway", { tables, events, prometheus, flush, samples } satisfies Gateway);
  app.decorateRequest("gatewayTable", null);
  app.decorateRequest("gatewayCall", null);
  app.decorateRequest("gatewayTarget", null);

  app.addHook("onReady", async () => {
    await events.start();
  });
  let accepting = true;
  // Open SSE streams would keep the HTTP server from closing.
  app.addHook("preClose", async () => {
    accepting = false;
    events.endStreams();
  });
  const upstreams = createUpstreamAgent();
  app.addHook("onClose", async () => {
    clearInterval(timer);
    await upstreams.close();
    await flush();
    await events.close();
    prometheus.registry.clear();
  });

  // A dead container's address doesn't refuse, it stays silent: give up connecting soon, and
  // send the call elsewhere (it was never sent).
  app.websocketServer.on("headers", (headers: string[], raw: { gatewayVersion?: string }) => {
    if (raw.gatewayVersion) headers.push(`X-Model-Version: ${raw.gatewayVersion}`);
  });

  function recordCall(call: GatewayCall, statusCode: number, latencyMs: number, requestBody: Buffer | undefined): void {
    const error = call.upstreamFailed || statusCode >= 500;
    metrics.record(call.serviceId, call.target.versionId, latencyMs, error);
    prometheus.requests.inc({ service_id: call.serviceId, version: call.target.version, status_class: statusClass(statusCode, call.upstreamFailed) });
    prometheus.duration.observe({ service_id: call.serviceId, version: call.target.version }, latencyMs / 1000);
    if (call.sample) {
      const now = Date.now();
      samples.add({
        serviceId: call.serviceId,
        versionId: call.target.versionId,
        at: new Date(now),
        request: requestBody === undefined ? null : captureBody(requestBody),
        response: call.responseBody ?? null,
        statusCode,
        latencyMs: Math.round(latencyMs),
        expiresAt: new Date(now + call.retentionDays * 86_400_000),
      });
    }
  }

  /** After requireUser: the service's routing table, if it is the caller's and it serves now. */
  async function resolveService(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { serviceId } = request.params as { serviceId: string };
    if (!UUID.test(serviceId)) throw serviceNotFound();
    const table = await tables.get(serviceId);
    // Someone else's service reads exactly like one that does not exist.
    if (!table || table.ownerId !== request.user?.id) throw serviceNotFound();
    if (request.ws) {
      if (!table.websocket) {
        throw problem(400, "Not a WebSocket service", "This service answers HTTP: send POST /v1/infers/{serviceId} with a JSON body.", PROBLEM_TYPES.badRequest);
      }
      // A session cookie rides along on cross-site WebSocket handshakes: only same-origin pages may use it.
      const origin = request.headers.origin;
      if (request.user?.via === "session" && origin) {
        let sameOrigin = false;
        try {
          sameOrigin = new URL(origin).host === request.headers.host;
        } catch {
          sameOrigin = false;
        }
        if (!sameOrigin) throw problem(403, "Cross-origin WebSocket refused", "A session cookie is accepted only from the console's own origin; use an API token.", PROBLEM_TYPES.forbidden);
      }
    } else if (table.websocket) {
      reply.header("upgrade", "websocket");
      throw problem(
        426,
        "Use a WebSocket",
        "This is a WebSocket service (R10): open a WebSocket to GET /v1/infers/{serviceId} and send JSON messages.",
        PROBLEM_TYPES.badRequest,
      );
    }
    if (!SERVING_STATES.has(table.state)) {
      reply.header("retry-after", "5");
      throw stateRefusal(table, request.user?.via === "session" ? "console" : "api");
    }
    request.gatewayTable = table;
  }

  function pick(table: RoutingTable, excluded?: ReadonlySet<string>): Target | null {
    return chooseTarget(table.serviceId, excluded ? withoutInstances(table.configurations, excluded) : table.configurations, random, roundRobin) ?? null;
  }

  options.installFastPath?.(
    inferenceFastPath({
      cachedUser: (authorization) => app.cachedBearerUser(authorization),
      cachedTable: (serviceId) => tables.peek(serviceId),
      serves: (table) => SERVING_STATES.has(table.state),
      pick,
      upstreams,
      record: (call, statusCode, latencyMs) => {
        prometheus.fastPathCalls.inc();
        recordCall(
          { serviceId: call.serviceId, candidates: call.table.configurations, upstreamPath: "/predict", target: call.target, sample: false, retentionDays: call.table.retentionDays, upstreamFailed: call.upstreamFailed },
          statusCode,
          latencyMs,
          undefined,
        );
      },
      headers: securityHeaders(),
      bodyLimit: app.initialConfig.bodyLimit ?? 1024 * 1024,
      log: app.log,
      accepting: () => accepting,
    }),
  );

  function pickTarget(reply: FastifyReply, table: RoutingTable, candidates: readonly RoutedVersion[] = table.configurations): Target {
    const target = chooseTarget(table.serviceId, candidates, random, roundRobin);
    if (!target) {
      reply.header("retry-after", "5");
      const which = candidates.length === table.configurations.length ? "no instance" : `no instance of version ${candidates.map((c) => c.version).join(" or ")}`;
      throw problem(503, "Service unavailable", `Service is ${table.state} but ${which} is healthy right now; retry shortly.`);
    }
    return target;
  }

  /** Sends the call to an instance of one of `candidates` at `upstreamPath`, failing over as forward() does. */
  function proxy(request: FastifyRequest, reply: FastifyReply, candidates: RoutedVersion[], upstreamPath: string) {
    const table = request.gatewayTable!;
    const call: GatewayCall = {
      serviceId: table.serviceId,
      candidates,
      upstreamPath,
      target: pickTarget(reply, table, candidates),
      sample: shouldSample(table.dataCollectionEnabled, table.samplingPercent, random),
      retentionDays: table.retentionDays,
      upstreamFailed: false,
    };
    request.gatewayCall = call;
    return forward(request, reply, table, call);
  }

  /** Calls the chosen instance (failing over as forwardWithFailover does) and streams its answer back. */
  async function forward(request: FastifyRequest, reply: FastifyReply, table: RoutingTable, call: GatewayCall) {
    const body = Buffer.isBuffer(request.body) ? request.body : null;
    const upstream = { method: request.method as "GET" | "POST", path: call.upstreamPath, headers: forwardedHeaders(request.headers, request.id), body };
    const outcome = await forwardWithFailover(
      call.target,
      (target) => callInstance(upstreams, originOf(target), upstream),
      (tried) => chooseTarget(table.serviceId, withoutInstances(call.candidates, tried), random, roundRobin) ?? null,
    );
    call.target = outcome.target;
    reply.header("x-model-version", outcome.target.version);
    if (outcome.failure) {
      call.upstreamFailed = true;
      call.responseBody = outcome.failure.problem;
      request.log.warn({ serviceId: table.serviceId, version: outcome.target.version, instanceId: outcome.target.instanceId, err: outcome.failure.error }, "upstream failed");
      return sendProblem(reply, outcome.failure.problem, request);
    }
    const { answer } = outcome;
    reply.code(answer.statusCode).headers(answer.headers);
    if (!call.sample) return reply.send(answer.body);
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    call.responseBody = captureBody(bytes);
    return reply.send(bytes);
  }

  async function recordResponse(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const call = request.gatewayCall;
    if (call) recordCall(call, reply.statusCode, reply.elapsedTime, Buffer.isBuffer(request.body) ? request.body : undefined);
  }

  // Caller's bearer token as a WebSocket subprotocol, for browsers.
  async function bearerFromSubprotocol(request: FastifyRequest): Promise<void> {
    const offered = request.headers["sec-websocket-protocol"];
    if (request.headers.authorization || typeof offered !== "string") return;
    const bearer = offered
      .split(",")
      .map((p) => p.trim())
      .find((p) => p.startsWith(BEARER_SUBPROTOCOL));
    if (bearer) request.headers.authorization = `Bearer ${bearer.slice(BEARER_SUBPROTOCOL.length)}`;
  }

  // The inference routes take their JSON body as the bytes sent (checked to be JSON, not kept
  // parsed): the instance gets those bytes, and only a sampled call parses them again.
  await app.register(async (scope) => {
    acceptJsonAsBytes(scope);
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const InferParams = z.object({ serviceId: z.string().describe("The service id (UUID)") });
    // For the OpenAPI document only: any body passes on to the model, which judges it.
    const InferBody = z.unknown().meta({
      description: "The JSON the version's model expects: see its example request and input schema (GET /api/v1/ai-applications).",
      "x-examples": sampleInferenceExamples(),
    });

    // One limit per service over every route that reaches its instances (JSON and OIP alike). It runs
    // after authentication and the service checks: strangers do not use up the owner's limit.
    const trafficLimit = app.rateLimit({
      timeWindow: 1000,
      keyGenerator: (request: FastifyRequest) => `infer:${(request.params as { serviceId: string }).serviceId}`,
      allowList: (request: FastifyRequest) => {
        const table = request.gatewayTable;
        // R10: WebSocket services never have a traffic limit; null means unlimited.
        return !table || table.websocket || table.trafficLimitRps === null;
      },
      max: async (request: FastifyRequest) => request.gatewayTable?.trafficLimitRps ?? 1,
      errorResponseBuilder: (request: FastifyRequest, context: { max: number; after: string }) =>
        new HttpProblem({
          type: PROBLEM_TYPES.rateLimited,
          title: "Traffic limit reached",
          status: 429,
          detail: `This service allows ${countNoun(context.max, "call")} per second (its traffic limit); retry in ${context.after}.`,
          instance: request.url,
        }),
    });

    app.route({
      method: "POST",
      url: "/v1/infers/:serviceId",
      schema: {
        tags: ["inference"],
        summary: "Call a deployed service: the JSON body goes to one instance's model; X-Model-Version names the answering version",
        params: InferParams,
        body: InferBody,
      },
      preHandler: [app.requireUser, resolveService, trafficLimit],
      onResponse: recordResponse,
      // Every version answers the platform's JSON contract, OIP servers included (the built-in
      // runtime answers /predict too).
      handler: async (request, reply) => proxy(request, reply, request.gatewayTable!.configurations, "/predict"),
    });

    registerOpenInferenceRoutes(app, { authenticate: [app.requireUser, resolveService], trafficLimit, recordResponse, proxy });

    app.route({
      method: "GET",
      url: "/v1/infers/:serviceId",
      schema: {
        tags: ["inference"],
        summary: "WebSocket services: upgrade here (Authorization bearer, session cookie, or subprotocol bearer.<token>)",
        params: InferParams,
      },
      onRequest: bearerFromSubprotocol,
      preHandler: [
        app.requireUser,
        resolveService,
        async (request, reply) => {
          if (!request.ws) return;
          const target = pickTarget(reply, request.gatewayTable!);
          request.gatewayTarget = target;
          (request.raw as { gatewayVersion?: string }).gatewayVersion = target.version;
        },
      ],
      handler: async (request, reply) => {
        reply.header("allow", "POST");
        throw problem(
          405,
          "Method not allowed",
          "Send POST /v1/infers/{serviceId} with a JSON body; WebSocket services upgrade on GET with a WebSocket handshake.",
          PROBLEM_TYPES.badRequest,
        );
      },
      wsHandler: (client, request) => {
        const table = request.gatewayTable!;
        const target = request.gatewayTarget!;
        const started = performance.now();
        const call: GatewayCall = {
          serviceId: table.serviceId,
          candidates: table.configurations,
          upstreamPath: "/predict",
          target,
          sample: false,
          retentionDays: 0,
          upstreamFailed: false,
        };
        const pending: Array<[RawData, boolean]> = [];
        const upstream = new WebSocket(`ws://${target.host}:${target.port}/predict`, { handshakeTimeout: 10_000, headers: { "x-request-id": request.id } });
        let opened = false;
        // Signing out or revoking the token that opened this socket closes it (and so the upstream one).
        const release = app.credentialConnections.open(request.user!, "websocket", () => {
          closeQuietly(client, 1008, "The credential that opened this connection was revoked.");
          // A peer that does not answer the close frame within a second is cut off, not left half-open.
          setTimeout(() => client.terminate(), 1_000).unref();
        });
        client.on("close", release);

        // Handlers are attached before anything async, so no early client message is lost.
        client.on("message", (data, isBinary) => {
          if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
          else if (upstream.readyState === WebSocket.CONNECTING) pending.push([data, isBinary]);
        });
        client.on("close", (code, reason) => closeQuietly(upstream, code, reason));
        client.on("error", () => upstream.terminate());

        upstream.on("open", () => {
          opened = true;
          // One WebSocket connection counts as one call; its latency is the time to reach the model.
          recordCall(call, 101, performance.now() - started, undefined);
          for (const [data, isBinary] of pending.splice(0)) upstream.send(data, { binary: isBinary });
        });
        upstream.on("message", (data, isBinary) => {
          if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
        });
        upstream.on("close", (code, reason) => closeQuietly(client, code, reason));
        upstream.on("error", (error) => {
          request.log.warn({ serviceId: table.serviceId, version: target.version, err: error }, "upstream WebSocket failed");
          if (!opened) {
            call.upstreamFailed = true;
            recordCall(call, 502, performance.now() - started, undefined);
          }
          closeQuietly(client, 1011, `Version ${target.version} failed: ${error.message}`);
        });
      },
    });  });

});

/** The example requests of the HTTP sample applications called with the platform's JSON contract, as named OpenAPI examples. */
function sampleInferenceExamples(): Record<string, { summary: string; value: unknown }> {
  return Object.fromEntries(
    Object.entries(SAMPLE_REQUESTS)
      .filter(([, sample]) => !sample.websocketOnly && sample.protocol === "rts-json")
      .map(([name, sample]) => [name, { summary: `Sample application ${name}`, value: sample.exampleRequest }]),
  );
}

function withoutInstances(configurations: readonly RoutedVersion[], excluded: ReadonlySet<string>): RoutedVersion[] {
  return configurations.map((c) => ({
    ...c,
    pools: c.pools.map((p) => ({ ...p, instances: p.instances.filter((i) => !excluded.has(i.instanceId)) })),
  }));
}

/** JSON bodies arrive as a Buffer holding exactly the bytes sent, once checked to be JSON. */
function acceptJsonAsBytes(scope: FastifyInstance): void {
  scope.removeContentTypeParser("application/json");
  scope.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body: Buffer, done) => {
    try {
      JSON.parse(body.toString("utf8"));
    } catch (error) {
      // The error handler answers a SyntaxError with the same 400 as any unreadable JSON body.
      done(Object.assign(error as SyntaxError, { statusCode: 400 }), undefined);
      return;
    }
    done(null, body);
  });
}
