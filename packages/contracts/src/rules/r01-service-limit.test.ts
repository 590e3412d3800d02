import { describe, expect, it } from "vitest";
import { fixtureContext, validDeployRequest } from "../testing/index.ts";
import { SERVICE_LIMIT, SERVICE_LIMIT_MESSAGE, checkServiceLimit } from "./r01-service-limit.ts";
import { validateDeployRequest } from "./validate-deploy-request.ts";

describe("R1 service limit", () => {
  it("R1 accepts the 20th service", () => {
    expect(checkServiceLimit(validDeployRequest(), fixtureContext({ serviceCount: SERVICE_LIMIT - 1 }))).toEqual([]);
  });

  it("R1 refuses the 21st service with a whole-request message that says how to free a slot", () => {
    const result = validateDeployRequest(validDeployRequest(), fixtureContext({ serviceCount: 20 }));
    expect(result).toEqual({ ok: false, issues: [{ rule: "R1", path: "", message: SERVICE_LIMIT_MESSAGE }] });
    expect(SERVICE_LIMIT_MESSAGE).toMatch(/20/);
    expect(SERVICE_LIMIT_MESSAGE).toMatch(/Delete a service/);
  });

  it("R1 is reported even when the request itself cannot be parsed", () => {
    const result = validateDeployRequest({ name: 5 }, fixtureContext({ serviceCount: 25 }));
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toEqual({ rule: "R1", path: "", message: SERVICE_LIMIT_MESSAGE });
  });
});
