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
}

declare module "fastify" {
  interface FastifyRequest {
    user: AuthenticatedUser | null;
  }
  interface FastifyInstance {
    requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
}

export const SESSION_COOKIE = "rts_session";
// A token's last-used time is a hint for the operator, not an audit log: refresh it at most this often.
const LAST_USED_RESOLUTION_MS = 60_000;

export function authenticatedUser(request: FastifyRequest): AuthenticatedUser {
  if (!request.user) throw new Error("authenticatedUser called on a route without requireUser");
  return request.user;
}

export const authPlugin = fp(async (app) => {
  app.decorateRequest("user", null);

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

  async function resolveUser(request: FastifyRequest): Promise<AuthenticatedUser | null> {
    const header = request.headers.authorization;
    if (header?.startsWith("Bearer ")) {
      const token = await app.prisma.apiToken.findUnique({
        where: { tokenHash: secretDigest(header.slice(7).trim()) },
        include: { user: true },
      });
      const now = new Date();
      if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
      if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
        await app.prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
      }
      return { id: token.user.id, username: token.user.username, displayName: token.user.displayName, via: "token" };
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return null;
    const session = await app.prisma.session.findUnique({
      where: { id: secretDigest(cookie) },
      include: { user: true },
    });
    if (!session || session.expiresAt <= new Date()) return null;
    return { id: session.user.id, username: session.user.username, displayName: session.user.displayName, via: "session" };
  }
});
