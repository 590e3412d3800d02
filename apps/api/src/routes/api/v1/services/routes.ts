import {
  DeployPreviewSchema,
  DeployServiceRequestSchema,
  ListServicesQuerySchema,
  MeteringSummarySchema,
  ServiceDetailSchema,
  ServiceListSchema,
} from "@rts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { serviceGatewayRoutes } from "../../../../gateway/service-routes.ts";
import { readMetering } from "../../../../modules/metering/metering-readback.ts";
import { deployService, previewDeployment } from "../../../../modules/services/deploy-service.ts";
import { cancelService, deleteService, startService, stopService } from "../../../../modules/services/service-actions.ts";
import { getService, listServices } from "../../../../modules/services/service-queries.ts";
import { authenticatedUser } from "../../../../plugins/auth.ts";
import { HttpProblem } from "../../../../plugins/http-problem.ts";
import { problemResponses } from "../problem-responses.ts";
import { etagOf } from "../../../../modules/services/modify-service.ts";
import { modifyRoutes } from "./modify-routes.ts";

const ServiceParams = z.object({ serviceId: z.uuid({ error: "serviceId must be a service id (UUID)." }) });

const DeployQuery = z.object({
  dryRun: z
    .enum(["true", "false"], { error: "dryRun must be true or false." })
    .optional()
    .describe("true: check the rules and show the quota and cost impact, write nothing"),
});

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export const serviceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook("preHandler", app.requireUser);
  // Live states (SSE), metrics and data-collection samples recorded by the inference gateway.
  await app.register(serviceGatewayRoutes);
  await app.register(modifyRoutes);

  app.get(
    "/",
    {
      schema: {
        tags: ["services"],
        summary: "Your real-time services: search by name, filter by state, paginate, sort",
        querystring: ListServicesQuerySchema,
        response: { 200: ServiceListSchema, ...problemResponses },
      },
    },
    async (request) => listServices(app.prisma, authenticatedUser(request).id, request.query),
  );

  app.post(
    "/",
    {
      // The body is judged by the shared rule pipeline (validateDeployRequest) so the API and the
      // wizard give the same field paths and messages; the schema here documents it.
      attachValidation: true,
      schema: {
        tags: ["services"],
        summary: "Deploy a real-time service (202, state Deploying); ?dryRun=true previews without writing",
        querystring: DeployQuery,
        headers: z.object({
          "idempotency-key": z.string().optional().describe("Retries with the same key return the first result"),
        }),
        body: DeployServiceRequestSchema,
        response: { 200: DeployPreviewSchema, 202: ServiceDetailSchema, ...problemResponses, 409: problemResponses[422] },
      },
    },
    async (request, reply) => {
      const userId = authenticatedUser(request).id;
      const query = request.query as { dryRun?: unknown };
      if (query.dryRun !== undefined && query.dryRun !== "true" && query.dryRun !== "false") {
        throw HttpProblem.validation([{ rule: "R15", path: "dryRun", message: "dryRun must be true or false." }]);
      }
      if (query.dryRun === "true") return reply.code(200).send(await previewDeployment(app.prisma, userId, request.body, app.runtimeCapacity));

      const key = request.headers["idempotency-key"];
      if (key !== undefined && (typeof key !== "string" || !IDEMPOTENCY_KEY.test(key))) {
        throw HttpProblem.validation([
          { rule: "R15", path: "Idempotency-Key", message: "Idempotency-Key must be 1-255 visible ASCII characters, e.g. a UUID." },
        ]);
      }
      const outcome = await deployService(app.prisma, app.jobs, app.envVarCipher, userId, request.body, key, app.runtimeCapacity);
      if (outcome.replayed) reply.header("Idempotent-Replayed", "true");
      return reply.code(202).header("Location", `/api/v1/services/${outcome.service.id}`).send(outcome.service);
    },
  );

  app.get(
    "/:serviceId",
    {
      schema: {
        tags: ["services"],
        summary: "One service with its configurations, instances and events",
        params: ServiceParams,
        response: { 200: ServiceDetailSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const service = await getService(app.prisma, authenticatedUser(request).id, request.params.serviceId);
      return reply.header("ETag", etagOf(service.revision)).send(service);
    },
  );

  app.delete(
    "/:serviceId",
    {
      schema: {
        tags: ["services"],
        summary: "Delete a service from any state; releases its quota at once (R12)",
        params: ServiceParams,
        response: { 202: ServiceDetailSchema, 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const result = await deleteService(app.prisma, app.jobs, authenticatedUser(request).id, request.params.serviceId);
      return result.service ? reply.code(202).send(result.service) : reply.code(204).send(null);
    },
  );

  for (const action of ["stop", "start"] as const) {
    app.post(
      `/:serviceId/${action}`,
      {
        schema: {
          tags: ["services"],
          summary:
            action === "stop"
              ? "Stop a Running, Concerning or Abnormal service (it keeps its quota)"
              : "Start a Stopped, Failed or Abnormal service",
          params: ServiceParams,
          response: { 202: ServiceDetailSchema, ...problemResponses, 409: problemResponses[422] },
        },
      },
      async (request, reply) => {
        const act = action === "stop" ? stopService : startService;
        return reply.code(202).send(await act(app.prisma, app.jobs, authenticatedUser(request).id, request.params.serviceId));
      },
    );
  }

  app.post(
    "/:serviceId/cancel",
    {
      schema: {
        tags: ["services"],
        summary: "Cancel a deploy in progress (Deploying -> Stopping -> Stopped, quota kept) or an update (back to the previous revision)",
        params: ServiceParams,
        response: { 202: ServiceDetailSchema, ...problemResponses, 409: problemResponses[422] },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await cancelService(app.prisma, app.jobs, app.envVarCipher, authenticatedUser(request).id, request.params.serviceId)),
  );

  app.get(
    "/:serviceId/metering",
    {
      schema: {
        tags: ["metering"],
        summary: "Metered usage of one service (R13): public-pool services by flavor x instances x time",
        params: ServiceParams,
        response: { 200: MeteringSummarySchema, ...problemResponses },
      },
    },
    async (request) => {
      const userId = authenticatedUser(request).id;
      const service = await getService(app.prisma, userId, request.params.serviceId);
      return readMetering(app.prisma, userId, { serviceId: service.id });
    },
  );
};
