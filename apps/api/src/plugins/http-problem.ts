import type { Problem, RuleIssue } from "@rts/contracts";
import { conflictProblem, notFoundProblem, validationProblem } from "@rts/contracts";

/** Thrown anywhere in a request; the error handler answers with its problem+json body. */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = "HttpProblem";
  }

  static notFound(what: string): HttpProblem {
    return new HttpProblem(notFoundProblem(what));
  }

  static conflict(detail: string): HttpProblem {
    return new HttpProblem(conflictProblem(detail));
  }

  static validation(issues: RuleIssue[]): HttpProblem {
    return new HttpProblem(validationProblem(issues));
  }
}
