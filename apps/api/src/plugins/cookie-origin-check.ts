// Browsers attach the session cookie to requests that other sites start (a form, or a `text/plain`
// fetch that needs no preflight), so a state change riding on the cookie must come from a page of
// ours: its Origin is the request's own host, or one that configuration names. Bearer-token calls
// carry their credential explicitly and are not affected.
import fp from "fastify-plugin";
import type { FastifyRequest } from "fastify";
import { forbiddenProblem } from "@rts/contracts";
import { SESSION_COOKIE } from "./auth.ts";
import { sendProblem } from "./errors.ts";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Same host (and port) as the request, whatever the scheme: a TLS-terminating proxy that is not
 * trusted makes the API see http while the browser says https.
 */
function isSameHost(origin: URL, request: FastifyRequest): boolean {
  try {
    return new URL(`${origin.protocol}//${request.host}`).host === origin.host;
  } catch {
    return false;
  }
}

export function isAllowedOrigin(origin: string | undefined, request: FastifyRequest, extraOrigins: ReadonlySet<string>): boolean {
  if (!origin) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return extraOrigins.has(parsed.origin) || isSameHost(parsed, request);
}

export const cookieOriginCheckPlugin = fp<{ allowedOrigins: readonly string[] }>(async (app, options) => {
  const extraOrigins = new Set(options.allowedOrigins);
  app.addHook("onRequest", async (request, reply) => {
    if (!STATE_CHANGING.has(request.method)) return;
    if (!request.cookies[SESSION_COOKIE] || request.headers.authorization?.startsWith("Bearer ")) return;
    const origin = request.headers.origin;
    if (isAllowedOrigin(origin, request, extraOrigins)) return;
    const detail = origin
      ? `A signed-in change is accepted only from the console's own origin, not from ${origin.slice(0, 200)}. Programs send an API token as 'Authorization: Bearer <token>'.`
      : "A signed-in change must carry an Origin header (browsers send it). Programs send an API token as 'Authorization: Bearer <token>'.";
    return sendProblem(reply, forbiddenProblem(detail), request);
  });
});
