import { LoginRequestSchema, MeSchema, PROBLEM_TYPES, ProblemSchema, rateLimitedProblem } from "@rts/contracts";
import { hashPassword, newSecret, secretDigest, verifyPassword } from "@rts/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authenticatedUser, SESSION_COOKIE } from "../../../../plugins/auth.ts";
import { sendProblem } from "../../../../plugins/errors.ts";
import { problemResponses } from "../problem-responses.ts";
import { AccountLoginThrottle } from "./account-login-throttle.ts";

const SESSION_DAYS = 7;
// Checked when the username is unknown, so both failures take the same scrypt time.
const timingDecoyHash = hashPassword("no-such-user-decoy");

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const accountThrottle = new AccountLoginThrottle();

  app.post(
    "/login",
    {
      // Password guessing is throttled per client address here, and per account in the handler.
      config: { rateLimit: { max: 30, timeWindow: "1 minute" } },
      schema: {
        tags: ["auth"],
        summary: "Sign in to the console; sets the session cookie",
        security: [],
        body: LoginRequestSchema,
        response: { 200: MeSchema, 401: ProblemSchema, 422: problemResponses[422], 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const wait = accountThrottle.retryAfterSeconds(username);
      if (wait > 0) {
        reply.header("retry-after", String(wait));
        return sendProblem(
          reply,
          rateLimitedProblem(`Too many failed sign-ins for this account. Try again in ${wait} s, or ask an administrator to reset the password.`),
          request,
        );
      }
      const user = await app.prisma.user.findUnique({ where: { username } });
      const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await timingDecoyHash));
      if (!user || !passwordMatches) {
        accountThrottle.recordFailure(username);
        return sendProblem(
          reply,
          { type: PROBLEM_TYPES.unauthorized, title: "Sign-in failed", status: 401, detail: "The username or password is wrong." },
          request,
        );
      }
      const secret = newSecret("rts_s_");
      const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
      await app.prisma.session.create({ data: { id: secretDigest(secret), userId: user.id, expiresAt } });
      reply.setCookie(SESSION_COOKIE, secret, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: app.cookieSecure,
        expires: expiresAt,
      });
      return { id: user.id, username: user.username, displayName: user.displayName };
    },
  );

  app.post(
    "/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign out; ends the session and the event streams and WebSockets it opened",
        security: [],
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        const sessionId = secretDigest(cookie);
        await app.prisma.session.deleteMany({ where: { id: sessionId } });
        app.credentialConnections.closeCredential(sessionId);
      }
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/me",
    { preHandler: app.requireUser, schema: { tags: ["auth"], summary: "The signed-in user", response: { 200: MeSchema, 401: problemResponses[401] } } },
    async (request) => {
      const user = authenticatedUser(request);
      return { id: user.id, username: user.username, displayName: user.displayName };
    },
  );
};
