import { CreatePoolRequestSchema, MeteringSummarySchema, PoolSchema, ResizePoolRequestSchema } from "@rts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listPoolsForUser } from "../../../../modules/catalogue/catalogue-queries.ts";
import { readMetering } from "../../../../modules/metering/metering-readback.ts";
import { createPool, deletePool, resizePool } from "../../../../modules/pools/dedicated-pools.ts";
import { authenticatedUser } from "../../../../plugins/auth.ts";
import { HttpProblem } from "../../../../plugins/http-problem.ts";
import { problemResponses } from "../problem-responses.ts";

const PoolParams = z.object({ poolId: z.uuid({ error: "poolId must be a resource pool id (UUID)." }) });

export const poolRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook("preHandler", app.requireUser);

  app.get(
    "/",
    {
      schema: {
        tags: ["pools"],
        summary: "The public pool and your dedicated pools, with capacity and generation",
        response: { 200: z.object({ items: z.array(PoolSchema) }), 401: problemResponses[401] },
      },
    },
    async (request) => ({ items: await listPoolsForUser(app.prisma, authenticatedUser(request).id, undefined, app.runtimeCapacity) }),
  );

  app.get(
    "/:poolId",
    { schema: { tags: ["pools"], summary: "One pool", params: PoolParams, response: { 200: PoolSchema, ...problemResponses } } },
    async (request) => {
      const pool = (await listPoolsForUser(app.prisma, authenticatedUser(request).id, undefined, app.runtimeCapacity)).find((p) => p.id === request.params.poolId);
      if (!pool) throw HttpProblem.notFound("resource pool");
      return pool;
    },
  );

  app.post(
    "/",
    {
      schema: {
        tags: ["pools"],
        summary: "Create a dedicated pool; holds quota for flavor x nodes (R12)",
        body: CreatePoolRequestSchema,
        response: { 201: PoolSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createPool(app.prisma, authenticatedUser(request).id, request.body)),
  );

  app.patch(
    "/:poolId",
    {
      schema: {
        tags: ["pools"],
        summary: "Resize a dedicated pool; changes the quota it holds (R12)",
        params: PoolParams,
        body: ResizePoolRequestSchema,
        response: { 200: PoolSchema, ...problemResponses },
      },
    },
    async (request) => resizePool(app.prisma, authenticatedUser(request).id, request.params.poolId, request.body),
  );

  app.delete(
    "/:poolId",
    {
      schema: {
        tags: ["pools"],
        summary: "Delete a dedicated pool with no services; releases its quota (R12)",
        params: PoolParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deletePool(app.prisma, authenticatedUser(request).id, request.params.poolId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/:poolId/metering",
    {
      schema: {
        tags: ["metering"],
        summary: "Metered usage of a dedicated pool (R13)",
        params: PoolParams,
        response: { 200: MeteringSummarySchema, ...problemResponses },
      },
    },
    async (request) => {
      const userId = authenticatedUser(request).id;
      const pool = await app.prisma.resourcePool.findFirst({ where: { id: request.params.poolId, ownerId: userId }, select: { id: true } });
      if (!pool) throw HttpProblem.notFound("resource pool");
      return readMetering(app.prisma, userId, { poolId: pool.id });
    },
  );
};
