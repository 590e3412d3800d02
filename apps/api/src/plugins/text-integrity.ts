// R15, once for the whole /api/v1 surface: a NUL or an unpaired surrogate anywhere in the
// headers, path, query or JSON body is a 422 naming every such field, before any route runs. The
// inference gateway is outside this scope on purpose: its bodies belong to the model, and data
// collection copes with what PostgreSQL refuses.
import type { FastifyRequest } from "fastify";
import { findUnsafeText } from "@rts/contracts";
import { HttpProblem } from "./http-problem.ts";

export async function refuseUnsafeText(request: FastifyRequest): Promise<void> {
  const issues = [
    ...findUnsafeText(request.headers),
    ...findUnsafeText(request.params),
    ...findUnsafeText(request.query),
    ...findUnsafeText(request.body),
  ];
  if (issues.length > 0) throw HttpProblem.validation(issues);
}
