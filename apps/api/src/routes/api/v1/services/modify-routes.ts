// R16: change a deployed service, list its revisions, restore one.
import { ModifyPreviewSchema, ModifyServiceRequestSchema, RestoreRevisionRequestSchema, ServiceDetailSchema, ServiceRevisionListSchema } from "@rts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { modifyService, previewModification, restoreRevision } from "../../../../modules/services/modify-service.ts";
import { etagOf } from "../../../../modules/services/revision-precondition.ts";
import { listRevisions } from "../../../../modules/services/revision-queries.ts";
import { getService } from "../../../../modules/services/service-queries.ts";
import { authenticatedUser } from "../../../../plugins/auth.ts";
import { HttpProblem } from "../../../../plugins/http-problem.ts";
import { problemResponses } from "../problem-responses.ts";

const ServiceParams = z.object({ serviceId: z.uuid({ error: "serviceId must be a service id (UUID)." }) });
const RevisionParams = ServiceParams.extend({
  number: z.coerce.number({ error: "number must be a revision number." }).int({ error: "number must be a revision number." }).min(1, { error: "number must be a revision number." }),
});

const DryRunQuery = z.object({
  dryRun: z.enum(["true", "false"], { error: "dryRun must be true or false." }).optional().describe("true: judge the change and show its effect, write nothing"),
});

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const preconditions = {
  409: problemResponses[422].describe("Not allowed in the service's state, or a rollout is in progress"),
  412: problemResponses[422].describe("Stale revision: the service changed since it was read"),
  428: problemResponses[422].describe("No If-Match (or revision in the body): say which revision you change"),
};

function dryRunOf(query: unknown): boolean {
  const value = (query as { dryRun?: unknown }).dryRun;
  if (value !== undefined && value !== "true" && value !== "false") {
    throw HttpProblem.validation([{ rule: "R15", path: "dryRun", message: "dryRun must be true or false." }]);
  }
  return value === "true";
}

export const modifyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.patch(
    "/:serviceId",
    {
      // Judged by the shared modify rule (validateModifyRequest), like deploys; the schema documents it.
      attachValidation: true,
      schema: {
        tags: ["services"],
        summary: "Modify a service (R16): 202 with the service (Updating while instances are replaced); ?dryRun=true previews",
        params: ServiceParams,
        querystring: DryRunQuery,
        headers: z.object({
          "if-match": z.string().optional().describe('The service\'s ETag (its revision), e.g. "3". Required unless the body has "revision".'),
          "idempotency-key": z.string().optional().describe("Retries with the same key return the first result"),
        }),
        body: ModifyServiceRequestSchema,
        response: { 200: ModifyPreviewSchema, 202: ServiceDetailSchema, ...problemResponses, ...preconditions },
      },
    },
    async (request, reply) => {
      const params = ServiceParams.safeParse(request.params);
      if (!params.success) throw HttpProblem.notFound("service");
      const userId = authenticatedUser(request).id;
      const ifMatch = request.headers["if-match"];
      if (dryRunOf(request.query)) {
        return reply.code(200).send(await previewModification(app.prisma, app.envVarCipher, userId, params.data.serviceId, request.body, { ifMatch, capacity: app.runtimeCapacity }));
      }
      const key = request.headers["idempotency-key"];
      if (key !== undefined && (typeof key !== "string" || !IDEMPOTENCY_KEY.test(key))) {
        throw HttpProblem.validation([{ rule: "R15", path: "Idempotency-Key", message: "Idempotency-Key must be 1-255 visible ASCII characters, e.g. a UUID." }]);
      }
      const outcome = await modifyService(app.prisma, app.jobs, app.envVarCipher, userId, params.data.serviceId, request.body, {
        ifMatch,
        idempotencyKey: key,
        capacity: app.runtimeCapacity,
      });
      if (outcome.replayed) reply.header("Idempotent-Replayed", "true");
      return reply.code(202).header("ETag", etagOf(outcome.service.revision)).send(outcome.service);
    },
  );

  app.get(
    "/:serviceId/revisions",
    {
      schema: {
        tags: ["services"],
        summary: "The service's numbered revisions (R16), newest first, with what each changed",
        params: ServiceParams,
        response: { 200: ServiceRevisionListSchema, ...problemResponses },
      },
    },
    async (request) => {
      const service = await getService(app.prisma, authenticatedUser(request).id, request.params.serviceId);
      return listRevisions(app.prisma, service.id, service.revision);
    },
  );

  app.post(
    "/:serviceId/revisions/:number/restore",
    {
      schema: {
        tags: ["services"],
        summary: "Restore an earlier revision through the same rolling path as a modify (R16); ?dryRun=true previews",
        params: RevisionParams,
        querystring: DryRunQuery,
        headers: z.object({ "if-match": z.string().optional().describe("The service's ETag (its current revision).") }),
        body: RestoreRevisionRequestSchema.nullish(),
        response: { 200: ModifyPreviewSchema, 202: ServiceDetailSchema, ...problemResponses, ...preconditions },
      },
    },
    async (request, reply) => {
      const dryRun = dryRunOf(request.query);
      const result = await restoreRevision(
        app.prisma,
        app.jobs,
        app.envVarCipher,
        authenticatedUser(request).id,
        request.params.serviceId,
        request.params.number,
        request.body ?? {},
        { ifMatch: request.headers["if-match"], capacity: app.runtimeCapacity, dryRun },
      );
      if (result.kind === "preview") return reply.code(200).send(result.preview);
      return reply.code(202).header("ETag", etagOf(result.service.revision)).send(result.service);
    },
  );
};
