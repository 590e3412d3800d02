// Who is calling: a console session cookie or a bearer API token. Both resolve to the same
// `request.user`; routes that need one call `app.requireUser` as a preHandler.
import fp from "fastify-plugin";
import type { FastifyReply, FastifyRequest } from "fastify";
import { PROBLEM_TYPES } from "@rts/contracts";
import { secretDigest } from "@rts/db";
import { sendProblem } from "./errors.ts";

export interface AuthenticatedUser {
  id: string;
  username: string;
  displayName: string;
  via: "session" | "token";
  /** The session's or the token's row id: what a sign-out or a revocation ends. */
  credentialId: string;
}

declare module "fastify" {
  interface FastifyRequest {
    user: AuthenticatedUser | null;
  }
  interface FastifyInstance {
    requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    /** Drops a revoked token from the bearer cache at once. */
    forgetToken(tokenId: string): void;
    /** The user of an `Authorization: Bearer` header if its token is in the cache and fresh; null otherwise (ask requireUser). */
    cachedBearerUser(authorization: string | undefined): AuthenticatedUser | null;
  }
}

interface UserRow {
  id: string;
  username: string;
  displayName: string;
}

export const SESSION_COOKIE = "rts_session";
// Programs call the gateway with the same token many times a second; a token's owner is kept in
// memory this long so each call does not cost a database round trip. Revoking through this API
// drops it at once. Past this time the gateway's fast path still answers with the owner for as long
// again while the token is read in the background, so its callers never wait on that read; another
// API process therefore sees a revocation within twice this time.
const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX = 10_000;

interface CachedToken {
  user: AuthenticatedUser;
  tokenId: string;
  until: number;
  /** The token's own expiry (Infinity when it has none): never answered past it. */
  expiresAt: number;
  refreshing?: boolean;
}
// A token's last-used time is a hint for the operator, not an audit log: refresh it at most this often.
const LAST_USED_RESOLUTION_MS = 60_000;

export function authenticatedUser(request: FastifyRequest): AuthenticatedUser {
  if (!request.user) throw new Error("authenticatedUser called on a route without requireUser");
  return request.user;
}

export const authPlugin = fp(async (app) => {
  app.decorateRequest("user", null);
  const tokenCache = new Map<string, CachedToken>();
  app.decorate("forgetToken", (tokenId: string) => {
    for (const [digest, entry] of tokenCache) if (entry.tokenId === tokenId) tokenCache.delete(digest);
  });

  app.decorate("cachedBearerUser", (authorization: string | undefined) => {
    if (!authorization?.startsWith("Bearer ")) return null;
    const digest = secretDigest(authorization.slice(7).trim());
    const cached = tokenCache.get(digest);
    const now = Date.now();
    if (!cached || cached.expiresAt <= now) return null;
    if (cached.until > now) return cached.user;
    if (now - cached.until > TOKEN_CACHE_MS) return null;
    if (!cached.refreshing) {
      cached.refreshing = true;
      lookUpToken(digest)
        .catch((error: unknown) => app.log.warn({ err: error }, "reading an API token again failed; its callers take the full route"))
        .finally(() => {
          cached.refreshing = false;
        });
    }
    return cached.user;
  });

  app.decorate("requireUser", async (request: FastifyRequest, reply: FastifyReply) => {
    const user = await resolveUser(request);
    if (!user) {
      return sendProblem(
        reply,
        {
          type: PROBLEM_TYPES.unauthorized,
          title: "Sign-in required",
          status: 401,
          detail: "Sign in at POST /api/v1/auth/login, or send an API token as 'Authorization: Bearer <token>'.",
        },
        request,
      );
    }
    request.user = user;
  });

  // One SQL round trip per authenticated request: the credential and its user together.
  async function resolveUser(request: FastifyRequest): Promise<AuthenticatedUser | null> {
    const header = request.headers.authorization;
    if (header?.startsWith("Bearer ")) {
      const digest = secretDigest(header.slice(7).trim());
      const cached = tokenCache.get(digest);
      if (cached && cached.until > Date.now()) return cached.user;
      return lookUpToken(digest);
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return null;
    const sessionId = secretDigest(cookie);
    const rows = await app.prisma.$queryRaw<UserRow[]>`
      SELECT u.id, u.username, u."displayName"
        FROM sessions s JOIN users u ON u.id = s."userId"
       WHERE s.id = ${sessionId} AND s."expiresAt" > now()`;
    const user = rows[0];
    return user ? { id: user.id, username: user.username, displayName: user.displayName, via: "session", credentialId: sessionId } : null;
  }

  /** Reads a bearer token's owner and caches it (or drops it from the cache when it no longer works). */
  async function lookUpToken(digest: string): Promise<AuthenticatedUser | null> {
    const now = Date.now();
    const rows = await app.prisma.$queryRaw<Array<UserRow & { tokenId: string; lastUsedAt: Date | null; expiresAt: Date | null }>>`
      SELECT u.id, u.username, u."displayName", t.id AS "tokenId", t."lastUsedAt", t."expiresAt"
        FROM api_tokens t JOIN users u ON u.id = t."userId"
       WHERE t."tokenHash" = ${digest}
         AND t."revokedAt" IS NULL AND (t."expiresAt" IS NULL OR t."expiresAt" > now())`;
    const token = rows[0];
    if (!token) {
      tokenCache.delete(digest);
      return null;
    }
    if (!token.lastUsedAt || now - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await app.prisma.apiToken.update({ where: { id: token.tokenId }, data: { lastUsedAt: new Date(now) } });
    }
    const user: AuthenticatedUser = { id: token.id, username: token.username, displayName: token.displayName, via: "token", credentialId: token.tokenId };
    if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
    const expiresAt = token.expiresAt?.getTime() ?? Infinity;
    tokenCache.set(digest, { user, tokenId: token.tokenId, until: Math.min(now + TOKEN_CACHE_MS, expiresAt), expiresAt });
    return user;
  }
});
