import { AiApplicationListSchema, AiApplicationSchema } from "@rts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { toAiApplication } from "../../../../modules/catalogue/catalogue-mappers.ts";
import { authenticatedUser } from "../../../../plugins/auth.ts";
import { HttpProblem } from "../../../../plugins/http-problem.ts";
import { problemResponses } from "../problem-responses.ts";

const include = { versions: { include: { application: { select: { name: true } } }, orderBy: { createdAt: "asc" as const } } };

export const aiApplicationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook("preHandler", app.requireUser);

  app.get(
    "/",
    {
      schema: {
        tags: ["catalogue"],
        summary: "My AI Applications with their versions, states and example requests; only Normal versions can be deployed",
        response: { 200: AiApplicationListSchema, 401: problemResponses[401] },
      },
    },
    async (request) => {
      const rows = await app.prisma.aiApplication.findMany({ where: { ownerId: authenticatedUser(request).id }, include, orderBy: { name: "asc" } });
      return { items: rows.map(toAiApplication) };
    },
  );

  app.get(
    "/:applicationId",
    {
      schema: {
        tags: ["catalogue"],
        summary: "One AI application, with each version's example request and input schema",
        params: z.object({ applicationId: z.uuid({ error: "applicationId must be an AI application id (UUID)." }) }),
        response: { 200: AiApplicationSchema, ...problemResponses },
      },
    },
    async (request) => {
      const row = await app.prisma.aiApplication.findFirst({
        where: { id: request.params.applicationId, ownerId: authenticatedUser(request).id },
        include,
      });
      if (!row) throw HttpProblem.notFound("AI application");
      return toAiApplication(row);
    },
  );
};
