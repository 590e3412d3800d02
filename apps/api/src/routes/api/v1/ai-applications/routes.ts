import { AppVersionSchema } from "@rts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { toAppVersion } from "../../../../modules/catalogue/catalogue-mappers.ts";
import { authenticatedUser } from "../../../../plugins/auth.ts";
import { HttpProblem } from "../../../../plugins/http-problem.ts";
import { problemResponses } from "../problem-responses.ts";

const AiApplicationSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  versions: z.array(AppVersionSchema),
});

const include = { versions: { include: { application: { select: { name: true } } }, orderBy: { createdAt: "asc" as const } } };

function toApplication(row: { id: string; name: string; description: string; createdAt: Date; versions: Parameters<typeof toAppVersion>[0][] }) {
  return { id: row.id, name: row.name, description: row.description, createdAt: row.createdAt.toISOString(), versions: row.versions.map(toAppVersion) };
}

export const aiApplicationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook("preHandler", app.requireUser);

  app.get(
    "/",
    {
      schema: {
        tags: ["catalogue"],
        summary: "My AI Applications with their versions and states; only Normal versions can be deployed",
        response: { 200: z.object({ items: z.array(AiApplicationSchema) }), 401: problemResponses[401] },
      },
    },
    async (request) => {
      const rows = await app.prisma.aiApplication.findMany({ where: { ownerId: authenticatedUser(request).id }, include, orderBy: { name: "asc" } });
      return { items: rows.map(toApplication) };
    },
  );

  app.get(
    "/:applicationId",
    {
      schema: {
        tags: ["catalogue"],
        summary: "One AI application",
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
      return toApplication(row);
    },
  );
};
