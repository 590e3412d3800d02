import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

const HealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  database: z.enum(["ok", "unreachable"]),
  time: z.string(),
  worker: z
    .enum(["starting", "ready", "restarting", "stopped"])
    .optional()
    .describe("The deploy worker: ready once it has adopted running instances and reconciles. Instances serve whatever its state."),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/",
    { schema: { tags: ["health"], summary: "Liveness and database reachability", security: [], response: { 200: HealthSchema, 503: HealthSchema } } },
    async (_request, reply) => {
      const database = await app.prisma.$queryRaw`SELECT 1`.then(
        () => "ok" as const,
        () => "unreachable" as const,
      );
      const worker = app.workerState?.();
      const body = {
        status: database === "ok" ? ("ok" as const) : ("degraded" as const),
        database,
        time: new Date().toISOString(),
        ...(worker ? { worker } : {}),
      };
      return reply.code(database === "ok" ? 200 : 503).send(body);
    },
  );
};
