import { CreatedTokenSchema, CreateTokenRequestSchema, TokenSchema } from "@rts/contracts";
import { newSecret, secretDigest } from "@rts/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { lockUser } from "../../../../modules/db-client.ts";
import { authenticatedUser } from "../../../../plugins/auth.ts";
import { HttpProblem } from "../../../../plugins/http-problem.ts";
import { problemResponses } from "../problem-responses.ts";

const TOKEN_PREFIX = "rts_";
const MAX_ACTIVE_TOKENS = 50;

function toToken(row: { id: string; name: string; prefix: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null }) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook("preHandler", app.requireUser);

  app.post(
    "/",
    {
      schema: {
        tags: ["tokens"],
        summary: "Create an API token; the secret is in this answer only",
        body: CreateTokenRequestSchema,
        response: { 201: CreatedTokenSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const user = authenticatedUser(request);
      const secret = newSecret(TOKEN_PREFIX);
      const expiresAt = request.body.expiresInDays ? new Date(Date.now() + request.body.expiresInDays * 86_400_000) : null;
      const row = await app.prisma.$transaction(
        async (tx) => {
          // Without the user's row lock, parallel creates all count the same total and all insert.
          await lockUser(tx, user.id);
          const active = await tx.apiToken.count({ where: { userId: user.id, revokedAt: null } });
          if (active >= MAX_ACTIVE_TOKENS) {
            throw HttpProblem.validation([{ rule: "R15", path: "", message: `You have ${active} active API tokens, the most allowed. Revoke one you no longer use.` }]);
          }
          return tx.apiToken.create({
            data: { userId: user.id, name: request.body.name, tokenHash: secretDigest(secret), prefix: secret.slice(0, 10), expiresAt },
          });
        },
        // A burst of creates by one user queues on the lock.
        { maxWait: 30_000, timeout: 30_000 },
      );
      return reply.code(201).send({ ...toToken(row), token: secret });
    },
  );

  app.get(
    "/",
    { schema: { tags: ["tokens"], summary: "Your API tokens (never their secrets)", response: { 200: z.object({ items: z.array(TokenSchema) }), 401: problemResponses[401] } } },
    async (request) => {
      const rows = await app.prisma.apiToken.findMany({ where: { userId: authenticatedUser(request).id }, orderBy: { createdAt: "desc" } });
      return { items: rows.map(toToken) };
    },
  );

  app.delete(
    "/:tokenId",
    {
      schema: {
        tags: ["tokens"],
        summary: "Revoke an API token; calls with it fail from now on, and its event streams and WebSockets close",
        params: z.object({ tokenId: z.uuid({ error: "tokenId must be a token id (UUID)." }) }),
        response: { 200: TokenSchema, ...problemResponses },
      },
    },
    async (request) => {
      const user = authenticatedUser(request);
      const token = await app.prisma.apiToken.findFirst({ where: { id: request.params.tokenId, userId: user.id } });
      if (!token) throw HttpProblem.notFound("API token");
      const row = token.revokedAt ? token : await app.prisma.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
      app.forgetToken(token.id);
      app.credentialConnections.closeCredential(token.id);
      return toToken(row);
    },
  );
};
