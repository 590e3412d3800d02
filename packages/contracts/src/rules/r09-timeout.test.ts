import { describe, expect, it } from "vitest";
import { fixtureContext, validDeployRequest } from "../testing/index.ts";
import { TIMEOUT_DEFAULT_MINUTES, TIMEOUT_MESSAGE } from "./r09-timeout.ts";
import { validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext();

describe("R9 timeout", () => {
  it("R9 accepts 3 and 120 minutes and defaults to 20", () => {
    expect(validateDeployRequest(validDeployRequest({ timeoutMinutes: 3 }), ctx).ok).toBe(true);
    expect(validateDeployRequest(validDeployRequest({ timeoutMinutes: 120 }), ctx).ok).toBe(true);
    const { timeoutMinutes: _t, ...rest } = validDeployRequest();
    const result = validateDeployRequest(rest, ctx);
    expect(result.ok && result.value.timeoutMinutes).toBe(TIMEOUT_DEFAULT_MINUTES);
    expect(TIMEOUT_DEFAULT_MINUTES).toBe(20);
  });

  it.each([2, 121, 20.5, "20", null])("R9 refuses a timeout of %j", (timeoutMinutes) => {
    expect(validateDeployRequest({ ...validDeployRequest(), timeoutMinutes }, ctx).issues).toEqual([
      { rule: "R9", path: "timeoutMinutes", message: TIMEOUT_MESSAGE },
    ]);
  });
});
