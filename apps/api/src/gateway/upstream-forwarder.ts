// Sends one gateway call to a model instance over a kept-alive connection and streams its answer
// back. The caller's body goes on as the bytes it sent (no parse and re-serialise), and only the
// headers a model server may see go with it. undici's Agent keeps one connection pool per
// instance address; pools of instances that are gone close on their own after the idle timeout.
import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { Agent, errors, type Dispatcher } from "undici";
import { PROBLEM_TYPES, type Problem } from "@rts/contracts";
import type { Target } from "./traffic-split.ts";

/** A model instance that has not answered within this long fails the call (502). */
export const UPSTREAM_TIMEOUT_MS = 30_000;
/** How long the gateway waits to connect to an instance before trying another. */
export const CONNECT_TIMEOUT_MS = 1_000;
// Idle upstream connections are closed after this long; an instance's pool goes with its last one.
const KEEP_ALIVE_MS = 10_000;
// Calls in flight to one instance at once; more wait in the pool's queue.
const CONNECTIONS_PER_INSTANCE = 128;

// The caller's credentials, and hop-by-hop or framing headers: never sent to a model server.
const NOT_FORWARDED = new Set([
  "authorization",
  "cookie",
  "host",
  "connection",
  "keep-alive",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "expect",
  "content-length",
  "sec-websocket-protocol",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
]);
// Hop-by-hop answer headers: the gateway's own connection to the caller decides these.
const NOT_RETURNED = new Set(["connection", "keep-alive", "transfer-encoding", "trailer", "upgrade", "proxy-connection"]);

export interface UpstreamAnswer {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Dispatcher.ResponseData["body"];
}

export function createUpstreamAgent(): Agent {
  return new Agent({
    connect: { timeout: CONNECT_TIMEOUT_MS },
    connections: CONNECTIONS_PER_INSTANCE,
    keepAliveTimeout: KEEP_ALIVE_MS,
    headersTimeout: UPSTREAM_TIMEOUT_MS,
    bodyTimeout: UPSTREAM_TIMEOUT_MS,
  });
}

/** The caller's headers a model server may see, with the gateway's request id. */
export function forwardedHeaders(incoming: IncomingHttpHeaders, requestId: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value !== undefined && !NOT_FORWARDED.has(name)) out[name] = value;
  }
  out["x-request-id"] = requestId;
  return out;
}

/** The instance's answer headers the caller gets. */
export function returnedHeaders(upstream: Dispatcher.ResponseData["headers"]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in upstream) {
    const value = upstream[name];
    if (value !== undefined && !NOT_RETURNED.has(name)) out[name] = value;
  }
  return out;
}

/** Instances one call may try when the first refuses the connection. */
export const MAX_INSTANCE_ATTEMPTS = 3;

export interface UpstreamRequest {
  method: Dispatcher.HttpMethod;
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer | null;
}

export type ForwardOutcome<T> =
  | { answer: T; target: Target; failure?: undefined }
  | { answer?: undefined; target: Target; failure: { problem: Problem; error: unknown } };

/**
 * Sends the call to `first`, and on to another instance (`another` picks one not yet tried) while
 * instances refuse the connection: those never saw the request (they died a moment ago, before the
 * routing table knew). A failure after that is a 502 problem naming the version.
 */
export async function forwardWithFailover<T>(
  first: Target,
  call: (target: Target) => Promise<T>,
  another: (tried: ReadonlySet<string>) => Target | null,
): Promise<ForwardOutcome<T>> {
  const tried = new Set<string>();
  let target = first;
  for (;;) {
    tried.add(target.instanceId);
    try {
      return { answer: await call(target), target };
    } catch (error) {
      const next = neverReached(error) && tried.size < MAX_INSTANCE_ATTEMPTS ? another(tried) : null;
      if (next) {
        target = next;
        continue;
      }
      const detail = timedOut(error)
        ? `Version ${target.version} did not answer within ${UPSTREAM_TIMEOUT_MS / 1000} s.`
        : `Version ${target.version} could not be reached (${failureCode(error)}).`;
      return { target, failure: { problem: { type: PROBLEM_TYPES.unavailable, title: "Model instance failed", status: 502, detail }, error } };
    }
  }
}

export function originOf(target: Target): string {
  return `http://${target.host}:${target.port}`;
}

/** The instance's answer as a stream, for a caller that hands it on itself. */
export async function callInstance(agent: Agent, origin: string, request: UpstreamRequest): Promise<UpstreamAnswer> {
  const answer = await agent.request({ origin, path: request.path, method: request.method, headers: request.headers, body: request.body });
  return { statusCode: answer.statusCode, headers: returnedHeaders(answer.headers), body: answer.body };
}

/**
 * Sends the call and writes the instance's answer straight into `response` as it arrives, with the
 * headers `headersFor` makes of the instance's. Resolves with the status once the answer is
 * complete. Rejects, having written nothing, when no answer started (the connection failed or the
 * instance did not answer in time), so the call may still go elsewhere. Compared with a response
 * stream, this saves a stream object and its promise per call on the hot path.
 */
export function relayAnswer(
  agent: Agent,
  origin: string,
  request: UpstreamRequest,
  response: ServerResponse,
  headersFor: (upstream: Record<string, string | string[]>) => OutgoingHttpHeaders,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let status = 0;
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(controller) {
        response.once("close", () => {
          if (!response.writableFinished) controller.abort(new Error("the caller went away"));
        });
      },
      onResponseStart(controller, statusCode, headers) {
        status = statusCode;
        response.writeHead(statusCode, headersFor(returnedHeaders(headers as Dispatcher.ResponseData["headers"])));
        response.on("drain", () => controller.resume());
      },
      onResponseData(controller, chunk) {
        if (!response.write(chunk)) controller.pause();
      },
      onResponseEnd() {
        response.end();
        resolve(status);
      },
      onResponseError(_controller, error) {
        if (status === 0) reject(error);
        else {
          response.destroy(error);
          resolve(status);
        }
      },
    };
    agent.dispatch({ origin, path: request.path, method: request.method, headers: request.headers, body: request.body }, handler);
  });
}

const NEVER_REACHED = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

/** The connection was never made, so the model never saw the request: safe to send elsewhere. */
function neverReached(error: unknown): boolean {
  const codes = [(error as { code?: string }).code, ((error as { cause?: { code?: string } }).cause)?.code];
  return codes.some((code) => code !== undefined && NEVER_REACHED.has(code));
}

/** The instance took the call but did not answer in time. */
function timedOut(error: unknown): boolean {
  return error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError;
}

/** Why a call failed, in a few words for the caller: the system's code when there is one. */
function failureCode(error: unknown): string {
  const err = error as { code?: string; message?: string; cause?: { code?: string } };
  return err.cause?.code ?? err.code ?? err.message ?? "unknown error";
}
