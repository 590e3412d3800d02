// R16 progressive traffic shift with automatic rollback: start a rollout, watch it, and pause,
// resume, promote or abort it. The worker's rollout controller takes the steps and judges them.
import { ROLLOUT_ACTIONS, RolloutSchema, StartRolloutRequestSchema } from "@rts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actOnRollout, startRollout } from "../../../../modules/rollouts/rollout-actions.ts";
import { listRollouts } from "../../../../modules/rollouts/rollout-records.ts";
import { authenticatedUser } from "../../../../plugins/auth.ts";
import { HttpProblem } from "../../../../plugins/http-problem.ts";
import { problemResponses } from "../problem-responses.ts";

const ServiceParams = z.object({ serviceId: z.uuid({ error: "serviceId must be a service id (UUID)." }) });
const RolloutParams = ServiceParams.extend({ rolloutId: z.uuid({ error: "rolloutId must be a rollout id (UUID)." }) });

const conflict = { 409: problemResponses[422].describe("Not possible in the service's or the rollout's state") };

const ACTION_SUMMARIES: Record<(typeof ROLLOUT_ACTIONS)[number], string> = {
  pause: "Pause a running rollout: traffic stays at the current step, nothing is judged until it resumes",
  resume: "Resume a paused rollout: a new bake window starts now",
  promote: "Promote a running or paused rollout: traffic goes to the target at once and the configurations' ratios become the target (a new revision)",
  abort: "Abort a running or paused rollout: traffic goes back to the ratios it started from",
};

export const rolloutRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/:serviceId/rollouts",
    {
      schema: {
        tags: ["services"],
        summary: "The service's rollouts, newest first, each with its steps, what the guards measured and why it ended",
        params: ServiceParams,
        response: { 200: z.object({ items: z.array(RolloutSchema) }), ...problemResponses },
      },
    },
    async (request) => listRollouts(app.prisma, authenticatedUser(request).id, request.params.serviceId),
  );

  app.post(
    "/:serviceId/rollouts",
    {
      // Judged by the shared rule (validateStartRollout) against the service; the schema documents it.
      attachValidation: true,
      schema: {
        tags: ["services"],
        summary:
          "Start a progressive rollout (R16): traffic moves towards the target ratios step by step, each step baking while guards judge the gaining versions by the gateway's own measurements; a breach rolls traffic back at once",
        params: ServiceParams,
        headers: z.object({
          "if-match": z.string().optional().describe('The service\'s ETag (its revision), e.g. "3". Required unless the body has "revision".'),
        }),
        body: StartRolloutRequestSchema,
        response: {
          201: RolloutSchema,
          ...problemResponses,
          ...conflict,
          412: problemResponses[422].describe("Stale revision: the service changed since it was read"),
          428: problemResponses[422].describe("No If-Match (or revision in the body): say which revision you change"),
        },
      },
    },
    async (request, reply) => {
      const params = ServiceParams.safeParse(request.params);
      if (!params.success) throw HttpProblem.notFound("service");
      const ifMatch = request.headers["if-match"];
      const rollout = await startRollout(app.prisma, authenticatedUser(request).id, params.data.serviceId, request.body, typeof ifMatch === "string" ? ifMatch : undefined);
      return reply.code(201).header("Location", `/api/v1/services/${rollout.serviceId}/rollouts`).send(rollout);
    },
  );

  for (const action of ROLLOUT_ACTIONS) {
    app.post(
      `/:serviceId/rollouts/:rolloutId/${action}`,
      {
        schema: {
          tags: ["services"],
          summary: ACTION_SUMMARIES[action],
          params: RolloutParams,
          response: { 200: RolloutSchema, ...problemResponses, ...conflict },
        },
      },
      async (request) => actOnRollout(app.prisma, authenticatedUser(request).id, request.params.serviceId, request.params.rolloutId, action),
    );
  }
};
