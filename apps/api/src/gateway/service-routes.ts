// Read-back of what the gateway records, under /api/v1/services (the parent plugin requires a
// signed-in user): live states as Server-Sent Events, per-service metrics, and collected samples.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  PROBLEM_TYPES,
  ProblemSchema,
  rateLimitedProblem,
  SAMPLES_QUERY_MESSAGES,
  ServiceMetricsQuerySchema,
  ServiceMetricsSchema,
  ServiceSamplesQuerySchema,
  ServiceSamplesSchema,
} from "@rts/contracts";
import { authenticatedUser } from "../plugins/auth.ts";
import { MAX_EVENT_STREAMS_PER_USER } from "../plugins/credential-connections.ts";
import { HttpProblem } from "../plugins/http-problem.ts";
import { problemResponses } from "../routes/api/v1/problem-responses.ts";
import { decodeSampleCursor, readSamples } from "./data-collection.ts";
import { readServiceMetrics } from "./service-metrics-report.ts";

const ServiceParams = z.object({ serviceId: z.uuid({ error: "serviceId must be a service id (UUID)." }) });

async function ownService(app: Parameters<FastifyPluginAsyncZod>[0], userId: string, serviceId: string) {
  const service = await app.prisma.service.findFirst({
    where: { id: serviceId, ownerId: userId },
    select: { id: true, dataCollectionEnabled: true },
  });
  if (!service) throw HttpProblem.notFound("Service");
  return service;
}

export const serviceGatewayRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/events",
    {
      schema: {
        tags: ["services"],
        summary:
          "Live changes of your services as Server-Sent Events, a frame only when something changed and at most about five per second per service: `event: service-state` (data: serviceId, state, stateReason, desiredState, revision, routing, autoStopAt, deadline, updatedAt; or state \"Deleted\"), `event: service-instances` (serviceId and every instance, as in the details) and `event: service-events` (serviceId and the new events, newest first); a comment every 15 s. At most 10 open streams per user; signing out or revoking the token ends the stream",
        response: { 401: problemResponses[401], 429: ProblemSchema.describe("Too many open event streams for this user") },
      },
    },
    async (request, reply) => {
      const user = authenticatedUser(request);
      if (!app.gateway.events.live) {
        throw new HttpProblem({
          type: PROBLEM_TYPES.unavailable,
          title: "Live events unavailable",
          status: 503,
          detail: "This server is not listening for state changes right now; poll GET /api/v1/services instead.",
        });
      }
      const open = app.credentialConnections.count(user.id, "event-stream");
      if (open >= MAX_EVENT_STREAMS_PER_USER) {
        reply.header("retry-after", "30");
        throw new HttpProblem(
          rateLimitedProblem(`You have ${open} open event streams, the most allowed. Close one (another console tab or program) and retry.`),
        );
      }
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      response.write("retry: 3000\n: connected\n\n");
      app.gateway.events.subscribe(user.id, response);
      const release = app.credentialConnections.open(user, "event-stream", () => response.end());
      response.on("close", release);
    },
  );

  app.get(
    "/:serviceId/metrics",
    {
      schema: {
        tags: ["services"],
        summary:
          "Calls, errors and latency percentiles of one service over a window ending now, in equal buckets (every bucket listed, empty ones as 0 calls), in total and per version",
        params: ServiceParams,
        querystring: ServiceMetricsQuerySchema,
        response: { 200: ServiceMetricsSchema, ...problemResponses },
      },
    },
    async (request) => {
      const service = await ownService(app, authenticatedUser(request).id, request.params.serviceId);
      return readServiceMetrics(app.prisma, service.id, request.query.range);
    },
  );

  app.get(
    "/:serviceId/samples",
    {
      schema: {
        tags: ["services"],
        summary: "Data-collection samples of one service (R11), newest first, a page at a time",
        params: ServiceParams,
        querystring: ServiceSamplesQuerySchema,
        response: { 200: ServiceSamplesSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const after = cursor === undefined ? null : decodeSampleCursor(cursor);
      if (cursor !== undefined && after === null) {
        throw HttpProblem.validation([{ rule: "R11", path: "cursor", message: SAMPLES_QUERY_MESSAGES.cursor }]);
      }
      const service = await ownService(app, authenticatedUser(request).id, request.params.serviceId);
      return { dataCollectionEnabled: service.dataCollectionEnabled, ...(await readSamples(app.prisma, service.id, { limit, after })) };
    },
  );
};
