// Security headers on every answer (console, API, docs, gateway) from helmet. The headers do not
// depend on the request, so helmet computes them once at start and each answer gets the same set:
// running helmet per request cost about 6% of the gateway's CPU per call (issue 11 profile).
// The console's Vite build loads only same-origin module scripts and stylesheets, with no inline
// script or style, so the policy needs no 'unsafe-inline' and no hashes; an inline script added to
// apps/web/index.html fails the S28 test rather than being blocked in users' browsers.
import fp from "fastify-plugin";
import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";

export const CONTENT_SECURITY_POLICY = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'"],
  // Inline SVG icons of the docs page are data: URLs.
  "img-src": ["'self'", "data:"],
  "font-src": ["'self'"],
  // 'self' covers the same-origin WebSocket of the prediction panel.
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

function serialise(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/**
 * The API docs page (Swagger UI) injects style elements at run time; it gets inline styles, never
 * inline scripts. The console keeps the strict policy.
 */
export const DOCS_CONTENT_SECURITY_POLICY = serialise({ ...CONTENT_SECURITY_POLICY, "style-src": ["'self'", "'unsafe-inline'"] });

const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  frameguard: { action: "deny" },
  referrerPolicy: { policy: "same-origin" },
  // HTTPS is terminated in front of the API (or not used on a developer's machine): the proxy
  // that serves HTTPS is the one that may promise it with HSTS.
  strictTransportSecurity: false,
} satisfies Parameters<typeof helmet>[0];

/** The headers helmet sets with HELMET_OPTIONS, read by running it once against a stand-in response. */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
      return response;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(HELMET_OPTIONS)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return Object.freeze(headers);
}

export const securityHeadersPlugin = fp(async (app) => {
  const headers = securityHeaders();
  app.addHook("onRequest", async (_request, reply) => {
    reply.headers(headers);
  });
});
