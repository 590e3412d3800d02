import { LoginRequestSchema, MeSchema, PROBLEM_TYPES, ProblemSchema } from "@rts/contracts";
import { hashPassword, newSecret, secretDigest, verifyPassword } from "@rts/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authenticatedUser, SESSION_COOKIE } from "../../../../plugins/auth.ts";
import { sendProblem } from "../../../../plugins/errors.ts";
import { problemResponses } from "../problem-responses.ts";

const SESSION_DAYS = 7;
// Checked when the username is unknown, so both failures take the same scrypt time.
const timingDecoyHash = hashPassword("no-such-user-decoy");

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/login",
    {
      // Password guessing is throttled per client address.
      config: { rateLimit: { max: 30, timeWindow: "1 minute" } },
      schema: {
        tags: ["auth"],
        summary: "Sign in to the console; sets the session cookie",
        security: [],
        body: LoginRequestSchema,
        response: { 200: MeSchema, 401: ProblemSchema, 422: problemResponses[422] },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const user = await app.prisma.user.findUnique({ where: { username } });
      const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await timingDecoyHash));
      if (!user || !passwordMatches) {
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
    { schema: { tags: ["auth"], summary: "Sign out; ends the session", security: [], response: { 204: z.null() } } },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await app.prisma.session.deleteMany({ where: { id: secretDigest(cookie) } });
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
