// One error shape everywhere: RFC 9457 problem+json. 4xx answers say what was wrong and how to
// fix it; 5xx answers say nothing about internals and are logged with the request's coordinates.
import fp from "fastify-plugin";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { PROBLEM_TYPES, type Problem } from "@rts/contracts";
import { HttpProblem } from "./http-problem.ts";

export function sendProblem(reply: FastifyReply, problem: Problem, request?: FastifyRequest) {
  const body: Problem = { ...problem, instance: problem.instance ?? request?.url };
  return reply.code(body.status).type("application/problem+json").send(JSON.stringify(body));
}

function plainProblem(status: number, title: string, detail: string, type: string): Problem {
  return { type, title, status, detail };
}

/** A body that is not JSON, on any route that takes JSON. */
export function unreadableJsonProblem(): Problem {
  const detail = "The request body is not valid JSON. Send a JSON object with Content-Type: application/json.";
  return { ...plainProblem(400, "Bad request", detail, PROBLEM_TYPES.badRequest), errors: [{ path: "", message: detail, rule: "R15" }] };
}

function zodValidationProblem(error: FastifyError): Problem {
  const location = error.validationContext ?? "request";
  const errors = (error.validation ?? []).map((entry) => {
    const issue = (entry.params as { issue?: { path?: PropertyKey[] } } | undefined)?.issue;
    const path = issue?.path?.map(String).join(".") ?? entry.instancePath.replace(/^\//, "").replaceAll("/", ".");
    return { path, message: entry.message ?? "Invalid value." };
  });
  return {
    type: PROBLEM_TYPES.validation,
    title: "Invalid request",
    status: 422,
    detail: `The ${location} has ${errors.length === 1 ? "an invalid field" : `${errors.length} invalid fields`}; see errors.`,
    errors,
  };
}

export const errorsPlugin = fp(async (app) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) return sendProblem(reply, error.problem, request);
    if (hasZodFastifySchemaValidationErrors(error)) {
      return sendProblem(reply, zodValidationProblem(error), request);
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error, method: request.method, url: request.url, params: request.params }, "request failed");
      return sendProblem(
        reply,
        plainProblem(500, "Internal error", "Something went wrong on our side. Try again; if it persists, report the request id.", PROBLEM_TYPES.internal),
        request,
      );
    }
    if (status === 429) {
      return sendProblem(reply, plainProblem(429, "Too many requests", error.message, PROBLEM_TYPES.rateLimited), request);
    }
    const unreadableBody =
      error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || error instanceof SyntaxError;
    if (unreadableBody) return sendProblem(reply, unreadableJsonProblem(), request);
    return sendProblem(reply, plainProblem(status, "Bad request", error.message, PROBLEM_TYPES.badRequest), request);
  });

  app.setNotFoundHandler(
    { preHandler: app.rateLimit ? app.rateLimit({ max: 60, timeWindow: "1 minute" }) : undefined },
    (request, reply) =>
      sendProblem(
        reply,
        plainProblem(404, "Not found", `No route ${request.method} ${request.url.split("?")[0]}. The API is under /api/v1; see /api/docs.`, PROBLEM_TYPES.notFound),
        request,
      ),
  );
});
