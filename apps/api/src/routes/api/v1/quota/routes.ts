import { QuotaReportSchema } from "@rts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { quotaReport } from "../../../../modules/quota/quota-ledger.ts";
import { authenticatedUser } from "../../../../plugins/auth.ts";
import { problemResponses } from "../problem-responses.ts";

export const quotaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook("preHandler", app.requireUser);
  app.get(
    "/",
    {
      schema: {
        tags: ["quota"],
        summary: "Quota: what is used, by which services and pools, and what is left (R12)",
        response: { 200: QuotaReportSchema, 401: problemResponses[401] },
      },
    },
    async (request) => quotaReport(app.prisma, authenticatedUser(request).id),
  );
};
