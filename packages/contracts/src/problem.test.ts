import { describe, expect, it } from "vitest";
import { PROBLEM_TYPES, ProblemSchema, conflictProblem, invalidTransitionProblem, notFoundProblem, validationProblem } from "./problem.ts";

describe("problem details (RFC 9457)", () => {
  it("R15 validation problems carry every field error with its rule", () => {
    const p = validationProblem(
      [
        { rule: "R2", path: "name", message: "Enter a name for the service." },
        { rule: "R9", path: "timeoutMinutes", message: "Timeout must be a whole number of minutes from 3 to 120." },
      ],
      "/api/v1/services",
    );
    expect(ProblemSchema.parse(p)).toEqual(p);
    expect(p).toMatchObject({ type: PROBLEM_TYPES.validation, status: 422, instance: "/api/v1/services" });
    expect(p.errors).toHaveLength(2);
    expect(validationProblem([{ rule: "R1", path: "", message: "limit" }]).detail).toBe("limit");
  });

  it("builds not-found, conflict and transition problems", () => {
    expect(notFoundProblem("Service")).toMatchObject({ status: 404, detail: "Service not found." });
    expect(conflictProblem("x")).toMatchObject({ status: 409, type: PROBLEM_TYPES.conflict });
    expect(invalidTransitionProblem("stop", "Stopped").detail).toMatch(/this service is Stopped/);
    for (const p of [notFoundProblem("Pool"), conflictProblem("x")]) expect(ProblemSchema.safeParse(p).success).toBe(true);
  });
});
