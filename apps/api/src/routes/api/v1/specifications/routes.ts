import { FlavorSchema, SYSTEM_OVERHEAD_NOTE } from "@rts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listFlavors } from "../../../../modules/catalogue/catalogue-queries.ts";
import { problemResponses } from "../problem-responses.ts";

export const specificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook("preHandler", app.requireUser);
  app.get(
    "/",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Specifications (flavors); unavailable ones are shown gray and cannot be chosen (R6)",
        response: { 200: z.object({ items: z.array(FlavorSchema), note: z.string() }), 401: problemResponses[401] },
      },
    },
    async () => ({ items: await listFlavors(app.prisma, app.runtimeCapacity), note: SYSTEM_OVERHEAD_NOTE }),
  );
};
