import {
  AiApplicationVersionSchema,
  ContainerImageVersionRequestSchema,
  ProblemSchema,
  VersionEventListSchema,
} from "@rts/contracts";
import type { Prisma } from "@rts/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { toAiApplicationVersion } from "../../../../modules/catalogue/catalogue-mappers.ts";
import { lockUser } from "../../../../modules/db-client.ts";
import { isUniqueViolation } from "../../../../modules/model-versions/unique-violation.ts";
import { recordVersionEvent, versionEvents } from "../../../../modules/model-versions/version-events.ts";
import { versionLabelTaken } from "../../../../modules/model-versions/version-labels.ts";
import { removeVersionFiles } from "../../../../modules/model-versions/version-removal.ts";
import { servicesUsingVersions, usedByServicesMessage } from "../../../../modules/model-versions/version-usage.ts";
import { authenticatedUser } from "../../../../plugins/auth.ts";
import { HttpProblem } from "../../../../plugins/http-problem.ts";
import { problemResponses } from "../problem-responses.ts";
import { versionUploadRoute } from "./version-upload-route.ts";

const withApplicationName = { application: { select: { name: true } } };
const applicationParams = z.object({ applicationId: z.uuid({ error: "applicationId must be an AI application id (UUID)." }) });
const versionParams = applicationParams.extend({ versionId: z.uuid({ error: "versionId must be a version id (UUID)." }) });

export const versionRoutes: FastifyPluginAsyncZod = async (app) => {
  /** The user's own application, or 404 whether it is missing or someone else's. */
  async function ownApplication(applicationId: string, ownerId: string) {
    const application = await app.prisma.aiApplication.findFirst({ where: { id: applicationId, ownerId }, select: { id: true, name: true } });
    if (!application) throw HttpProblem.notFound("AI application");
    return application;
  }

  async function ownVersion(params: { applicationId: string; versionId: string }, ownerId: string) {
    const version = await app.prisma.aiApplicationVersion.findFirst({
      where: { id: params.versionId, applicationId: params.applicationId, application: { ownerId } },
      include: withApplicationName,
    });
    if (!version) throw HttpProblem.notFound("AI application version");
    return version;
  }

  await app.register(versionUploadRoute);

  app.post(
    "/image",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Add a version from a container image the runtime has; it is Building until the worker has checked the image",
        params: applicationParams,
        body: ContainerImageVersionRequestSchema,
        response: { 201: AiApplicationVersionSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const application = await ownApplication(request.params.applicationId, authenticatedUser(request).id);
      const body = request.body;
      const taken = await app.prisma.aiApplicationVersion.findFirst({ where: { applicationId: application.id, version: body.version }, select: { id: true } });
      if (taken) throw HttpProblem.validation([versionLabelTaken(body.version)]);
      const row = await app.prisma
        .$transaction(async (tx) => {
          const created = await tx.aiApplicationVersion.create({
            data: {
              applicationId: application.id,
              version: body.version,
              state: "Building",
              source: "container_image",
              runtime: "image",
              protocol: body.protocol,
              healthPath: body.healthPath,
              websocket: body.websocket,
              websocketOnly: body.websocketOnly,
              // The reference as given; the build replaces it with the image's id.
              modelServer: { image: body.image, port: body.port },
              stateReason: "Waiting for the build to check the image.",
              ...(body.exampleRequest ? { exampleRequest: body.exampleRequest as Prisma.InputJsonObject } : {}),
              ...(body.inputSchema ? { inputSchema: body.inputSchema as Prisma.InputJsonObject } : {}),
            },
            include: withApplicationName,
          });
          await recordVersionEvent(tx, created.id, "received", `Image ${body.image} registered (port ${body.port}, ${body.protocol}).`);
          await app.jobs.enqueueVersionBuildInTransaction(tx, { versionId: created.id });
          return created;
        })
        .catch((error: unknown) => {
          throw isUniqueViolation(error) ? HttpProblem.validation([versionLabelTaken(body.version)]) : error;
        });
      return reply.code(201).send(toAiApplicationVersion(row));
    },
  );

  app.get(
    "/:versionId",
    {
      schema: {
        tags: ["catalogue"],
        summary: "One version: its state (Building, Normal, Failed with the reason), how it is served and how to call it",
        params: versionParams,
        response: { 200: AiApplicationVersionSchema, ...problemResponses },
      },
    },
    async (request) => toAiApplicationVersion(await ownVersion(request.params, authenticatedUser(request).id)),
  );

  app.get(
    "/:versionId/events",
    {
      schema: {
        tags: ["catalogue"],
        summary: "What happened while the version was checked, unpacked and built, oldest first",
        params: versionParams,
        response: { 200: VersionEventListSchema, ...problemResponses },
      },
    },
    async (request) => {
      const version = await ownVersion(request.params, authenticatedUser(request).id);
      return { items: await versionEvents(app.prisma, version.id) };
    },
  );

  app.delete(
    "/:versionId",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Delete a version with its upload and image; refused while a service runs it",
        params: versionParams,
        response: { 204: z.null().describe("Deleted"), ...problemResponses, 409: ProblemSchema.describe("Services use the version; the detail names them") },
      },
    },
    async (request, reply) => {
      const ownerId = authenticatedUser(request).id;
      const removed = await app.prisma.$transaction(async (tx) => {
        // Deploys and modifies take the same lock, so no service can pick the version up meanwhile.
        await lockUser(tx, ownerId);
        const version = await tx.aiApplicationVersion.findFirst({
          where: { id: request.params.versionId, applicationId: request.params.applicationId, application: { ownerId } },
          select: { id: true, artifact: true },
        });
        if (!version) throw HttpProblem.notFound("AI application version");
        const users = await servicesUsingVersions(tx, [version.id]);
        if (users.length > 0) throw HttpProblem.conflict(usedByServicesMessage(users));
        await tx.aiApplicationVersion.delete({ where: { id: version.id } });
        return version;
      });
      await removeVersionFiles(app.artifactStore, [removed], request.log);
      return reply.code(204).send(null);
    },
  );
};
