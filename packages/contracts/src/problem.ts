import { z } from "zod";
import { RuleIdSchema, type RuleIssue } from "./rules/rule-issue.ts";
import type { ServiceAction, ServiceState } from "./service-states.ts";
import { transitionRefusal } from "./service-states.ts";

// RFC 9457 problem details: every API error has this shape (application/problem+json), and the
// console shows `errors` next to the fields they name.

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
const BASE = "https://rts.local/problems/";

export const PROBLEM_TYPES = {
  validation: `${BASE}validation`,
  badRequest: `${BASE}bad-request`,
  unauthorized: `${BASE}unauthorized`,
  forbidden: `${BASE}forbidden`,
  notFound: `${BASE}not-found`,
  conflict: `${BASE}conflict`,
  invalidTransition: `${BASE}invalid-transition`,
  stale: `${BASE}stale-revision`,
  preconditionRequired: `${BASE}precondition-required`,
  rateLimited: `${BASE}rate-limited`,
  unavailable: `${BASE}unavailable`,
  internal: `${BASE}internal`,
} as const;
export type ProblemType = (typeof PROBLEM_TYPES)[keyof typeof PROBLEM_TYPES];

export const ProblemFieldErrorSchema = z
  .object({
    path: z.string().describe('Dotted field path; "" for the whole request.'),
    message: z.string(),
    rule: RuleIdSchema.optional(),
  })
  .describe("One field-level error.");
export type ProblemFieldError = z.infer<typeof ProblemFieldErrorSchema>;

export const ProblemSchema = z
  .object({
    type: z.string().describe("URI identifying the problem type."),
    title: z.string().describe("Short summary of the problem type."),
    status: z.int().describe("HTTP status code."),
    detail: z.string().describe("Explanation specific to this occurrence."),
    instance: z.string().optional().describe("URI of this occurrence (usually the request path)."),
    errors: z.array(ProblemFieldErrorSchema).optional().describe("Field-level errors, for validation problems."),
  })
  .describe("RFC 9457 problem details.");
export type Problem = z.infer<typeof ProblemSchema>;

function withInstance(p: Problem, instance: string | undefined): Problem {
  return instance === undefined ? p : { ...p, instance };
}

// 422 as in RFC 9457's own example: the body was readable but its content breaks the rules.
export function validationProblem(issues: readonly RuleIssue[], instance?: string): Problem {
  const first = issues[0];
  const detail =
    issues.length === 1 && first
      ? first.message
      : `The request has ${issues.length} problems; see errors for each field.`;
  return withInstance(
    {
      type: PROBLEM_TYPES.validation,
      title: "Your request is not valid.",
      status: 422,
      detail,
      errors: issues.map((i) => ({ path: i.path, message: i.message, rule: i.rule })),
    },
    instance,
  );
}

export function badRequestProblem(detail: string, instance?: string): Problem {
  return withInstance({ type: PROBLEM_TYPES.badRequest, title: "Bad request.", status: 400, detail }, instance);
}

export function unauthorizedProblem(
  detail = "Sign in, or send a valid API token in the Authorization header.",
  instance?: string,
): Problem {
  return withInstance({ type: PROBLEM_TYPES.unauthorized, title: "Authentication required.", status: 401, detail }, instance);
}

export function forbiddenProblem(detail = "You are not allowed to do this.", instance?: string): Problem {
  return withInstance({ type: PROBLEM_TYPES.forbidden, title: "Forbidden.", status: 403, detail }, instance);
}

/** `what` e.g. "Service", "Resource pool". Same answer for missing and not-yours. */
export function notFoundProblem(what: string, instance?: string): Problem {
  return withInstance(
    { type: PROBLEM_TYPES.notFound, title: `${what} not found.`, status: 404, detail: `${what} not found.` },
    instance,
  );
}

export function conflictProblem(detail: string, instance?: string): Problem {
  return withInstance({ type: PROBLEM_TYPES.conflict, title: "Conflict.", status: 409, detail }, instance);
}

/** R16: a change made against a revision the service has moved past (412). */
export function staleRevisionProblem(detail: string, instance?: string): Problem {
  return withInstance({ type: PROBLEM_TYPES.stale, title: "The service changed since you read it.", status: 412, detail }, instance);
}

/** R16: a change that does not say which revision it was made against (428). */
export function preconditionRequiredProblem(detail: string, instance?: string): Problem {
  return withInstance({ type: PROBLEM_TYPES.preconditionRequired, title: "Say which revision you are changing.", status: 428, detail }, instance);
}

export function invalidTransitionProblem(action: ServiceAction, state: ServiceState, instance?: string): Problem {
  const detail = transitionRefusal(action, state) ?? `${action} is not possible right now.`;
  return withInstance(
    { type: PROBLEM_TYPES.invalidTransition, title: "This action is not allowed in the current state.", status: 409, detail },
    instance,
  );
}

export function rateLimitedProblem(
  detail = "Too many requests: the service's traffic limit was exceeded. Retry later.",
  instance?: string,
): Problem {
  return withInstance({ type: PROBLEM_TYPES.rateLimited, title: "Too many requests.", status: 429, detail }, instance);
}

export function unavailableProblem(detail: string, instance?: string): Problem {
  return withInstance({ type: PROBLEM_TYPES.unavailable, title: "Service unavailable.", status: 503, detail }, instance);
}

// Never carries internals (stack, SQL): those go to the log, keyed by the instance/request id.
export function internalProblem(instance?: string): Problem {
  return withInstance(
    {
      type: PROBLEM_TYPES.internal,
      title: "Internal error.",
      status: 500,
      detail: "Something went wrong on our side. Try again; if it keeps happening, contact the administrator.",
    },
    instance,
  );
}
