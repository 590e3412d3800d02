import { MeteringSummarySchema } from "@rts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { MAX_METERING_RECORDS, readMetering } from "../../../../modules/metering/metering-readback.ts";
import { authenticatedUser } from "../../../../plugins/auth.ts";
import { problemResponses } from "../problem-responses.ts";

const LIMIT_MESSAGE = `limit must be a whole number from 0 to ${MAX_METERING_RECORDS}.`;

const MeteringQuery = z.object({
  serviceId: z.uuid({ error: "serviceId must be a service id (UUID)." }).optional(),
  poolId: z.uuid({ error: "poolId must be a resource pool id (UUID)." }).optional(),
  from: z.iso.datetime({ error: "from must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z." }).optional(),
  to: z.iso.datetime({ error: "to must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z." }).optional(),
  limit: z.coerce
    .number({ error: LIMIT_MESSAGE })
    .int({ error: LIMIT_MESSAGE })
    .min(0, { error: LIMIT_MESSAGE })
    .max(MAX_METERING_RECORDS, { error: LIMIT_MESSAGE })
    .default(MAX_METERING_RECORDS)
    .describe("How many of the newest records to list; 0 for totals only. Totals always cover the whole window."),
});

export const meteringRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook("preHandler", app.requireUser);
  app.get(
    "/",
    {
      schema: {
        tags: ["metering"],
        summary: "Your metered usage (R13), optionally for one service or pool and a time window",
        querystring: MeteringQuery,
        response: { 200: MeteringSummarySchema, ...problemResponses },
      },
    },
    async (request) => {
      const q = request.query;
      return readMetering(app.prisma, authenticatedUser(request).id, {
        serviceId: q.serviceId,
        poolId: q.poolId,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        limit: q.limit,
      });
    },
  );
};
