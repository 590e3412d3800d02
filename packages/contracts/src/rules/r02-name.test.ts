import { describe, expect, it } from "vitest";
import { fixtureContext, validDeployRequest } from "../testing/index.ts";
import { DESCRIPTION_MESSAGES, NAME_MESSAGES, checkName } from "./r02-name.ts";
import { validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext();
const issuesFor = (input: unknown) => validateDeployRequest(input, ctx).issues;

describe("R2 name and description", () => {
  it.each(["a", "Svc-1_x", "A".repeat(64)])("R2 accepts the name %s", (name) => {
    expect(issuesFor(validDeployRequest({ name }))).toEqual([]);
  });

  it.each([
    ["", NAME_MESSAGES.required],
    ["1abc", NAME_MESSAGES.format],
    ["-abc", NAME_MESSAGES.format],
    ["has space", NAME_MESSAGES.format],
    ["dötted", NAME_MESSAGES.format],
    ["a".repeat(65), NAME_MESSAGES.tooLong],
  ])("R2 refuses the name %j", (name, message) => {
    expect(issuesFor(validDeployRequest({ name }))).toEqual([{ rule: "R2", path: "name", message }]);
    // The rule function alone gives the same answer as the schema.
    expect(checkName(validDeployRequest({ name }), ctx)).toEqual([{ rule: "R2", path: "name", message }]);
  });

  it("R2 refuses a missing or non-text name", () => {
    const { name: _omit, ...rest } = validDeployRequest();
    expect(issuesFor(rest)).toEqual([{ rule: "R2", path: "name", message: NAME_MESSAGES.required }]);
    expect(issuesFor({ ...rest, name: 42 })).toEqual([{ rule: "R2", path: "name", message: NAME_MESSAGES.notText }]);
  });

  it("R2 refuses a name the user already has and names it", () => {
    expect(issuesFor(validDeployRequest({ name: "existing-service" }))).toEqual([
      { rule: "R2", path: "name", message: NAME_MESSAGES.taken("existing-service") },
    ]);
    expect(NAME_MESSAGES.taken("existing-service")).toContain('"existing-service"');
  });

  it("R2 accepts a missing or 100-character description and refuses 101", () => {
    const { description: _d, ...rest } = validDeployRequest();
    expect(issuesFor(rest)).toEqual([]);
    expect(issuesFor(validDeployRequest({ description: "x".repeat(100) }))).toEqual([]);
    expect(issuesFor(validDeployRequest({ description: "x".repeat(101) }))).toEqual([
      { rule: "R2", path: "description", message: DESCRIPTION_MESSAGES.tooLong },
    ]);
  });
});
