import { AiApplicationListSchema, AiApplicationSchema, conflictProblem, CreateAiApplicationRequestSchema, ProblemSchema } from "@rts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { toAiApplication } from "../../../../modules/catalogue/catalogue-mappers.ts";
import { lockUser } from "../../../../modules/db-client.ts";
import { isUniqueViolation } from "../../../../modules/model-versions/unique-violation.ts";
import { removeVersionFiles } from "../../../../modules/model-versions/version-removal.ts";
import { servicesUsingVersions, usedByServicesMessage } from "../../../../modules/model-versions/version-usage.ts";
import { authenticatedUser } from "../../../../plugins/auth.ts";
import { HttpProblem } from "../../../../plugins/http-problem.ts";
import { problemResponses } from "../problem-responses.ts";
import { versionRoutes } from "./version-routes.ts";

const include = { versions: { include: { application: { select: { name: true } } }, orderBy: { createdAt: "asc" as const } } };
const applicationParams = z.object({ applicationId: z.uuid({ error: "applicationId must be an AI application id (UUID)." }) });

function nameTaken(name: string): HttpProblem {
  const message = `You already have an AI application named "${name}". Choose another name.`;
  return new HttpProblem({ ...conflictProblem(message), errors: [{ path: "name", message, rule: "R15" }] });
}

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

  app.post(
    "/",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Create an AI application; add versions to it with POST /{applicationId}/versions (upload) or /versions/image",
        body: CreateAiApplicationRequestSchema,
        response: { 201: AiApplicationSchema, ...problemResponses, 409: ProblemSchema.describe("The name is taken; `errors` names the field") },
      },
    },
    async (request, reply) => {
      const ownerId = authenticatedUser(request).id;
      const { name, description } = request.body;
      const taken = await app.prisma.aiApplication.findFirst({ where: { ownerId, name }, select: { id: true } });
      if (taken) throw nameTaken(name);
      const row = await app.prisma.aiApplication.create({ data: { ownerId, name, description }, include }).catch((error: unknown) => {
        throw isUniqueViolation(error) ? nameTaken(name) : error;
      });
      return reply.code(201).send(toAiApplication(row));
    },
  );

  app.get(
    "/:applicationId",
    {
      schema: {
        tags: ["catalogue"],
        summary: "One AI application, with each version's example request and input schema",
        params: applicationParams,
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

  app.delete(
    "/:applicationId",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Delete an AI application and all its versions; refused while a service runs any of them",
        params: applicationParams,
        response: { 204: z.null().describe("Deleted"), ...problemResponses, 409: ProblemSchema.describe("Services use its versions; the detail names them") },
      },
    },
    async (request, reply) => {
      const ownerId = authenticatedUser(request).id;
      const artifacts = await app.prisma.$transaction(async (tx) => {
        // Deploys and modifies take the same lock, so no service can pick a version up meanwhile.
        await lockUser(tx, ownerId);
        const application = await tx.aiApplication.findFirst({
          where: { id: request.params.applicationId, ownerId },
          select: { id: true, versions: { select: { id: true, artifact: true } } },
        });
        if (!application) throw HttpProblem.notFound("AI application");
        const users = await servicesUsingVersions(tx, application.versions.map((v) => v.id));
        if (users.length > 0) throw HttpProblem.conflict(usedByServicesMessage(users));
        await tx.aiApplication.delete({ where: { id: application.id } });
        return application.versions;
      });
      await removeVersionFiles(app.artifactStore, artifacts, request.log);
      return reply.code(204).send(null);
    },
  );

  await app.register(versionRoutes, { prefix: "/:applicationId/versions" });
};
