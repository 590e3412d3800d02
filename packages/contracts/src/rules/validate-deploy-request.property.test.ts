import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtureContext, validDeployRequest } from "../testing/index.ts";
import { RuleIdSchema, type RuleIssue } from "./rule-issue.ts";
import { previewDeploy, validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext();

function wellFormed(issues: readonly RuleIssue[]) {
  for (const i of issues) {
    expect(RuleIdSchema.safeParse(i.rule).success).toBe(true);
    expect(typeof i.path).toBe("string");
    expect(i.message.trim().length).toBeGreaterThan(0);
  }
}

// Replace one field (possibly nested) of a valid request with an arbitrary value.
const fieldPaths: ReadonlyArray<ReadonlyArray<string | number>> = [
  ["name"], ["description"], ["resourcePool"], ["resourcePool", "type"], ["resourcePool", "poolIds"],
  ["multiPoolLoadBalancing"], ["configurations"], ["configurations", 0], ["configurations", 0, "versionId"],
  ["configurations", 0, "trafficRatio"], ["configurations", 0, "flavorId"], ["configurations", 0, "computeNodes"],
  ["configurations", 0, "envVars"], ["timeoutMinutes"], ["websocket"], ["dataCollection"],
  ["dataCollection", "samplingPercent"], ["trafficLimit"], ["__proto__"], ["constructor"], ["extra"],
];

function setPath(target: Record<string, unknown>, path: ReadonlyArray<string | number>, value: unknown): void {
  let cur: unknown = target;
  for (let i = 0; i < path.length - 1; i++) {
    const next = (cur as Record<string | number, unknown>)[path[i] as string];
    if (typeof next !== "object" || next === null) return;
    cur = next;
  }
  Object.defineProperty(cur, path[path.length - 1] as string, { value, enumerable: true, configurable: true, writable: true });
}

describe("R15 property: validateDeployRequest never throws", () => {
  it("R15 never throws for anything and every issue names a rule and has a message", () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true }), (input) => {
        const result = validateDeployRequest(input, ctx);
        expect(result.ok).toBe(false);
        wellFormed(result.issues);
        previewDeploy(input, ctx);
      }),
      { numRuns: 500 },
    );
  });

  it("R15 never throws for mutated valid requests, and identical input gives identical issues", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fieldPaths),
        fc.oneof(fc.anything(), fc.integer(), fc.double(), fc.string({ maxLength: 200 }), fc.constant(Number.NaN)),
        (path, value) => {
          const input = structuredClone(validDeployRequest()) as unknown as Record<string, unknown>;
          setPath(input, path, value);
          const a = validateDeployRequest(input, ctx);
          wellFormed(a.issues);
          expect(validateDeployRequest(structuredClone(input), ctx)).toEqual(a);
          const preview = previewDeploy(input, ctx);
          expect(preview.valid).toBe(a.ok);
          expect(preview.issues).toEqual(a.issues);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("R15 handles huge strings quickly", () => {
    const huge = "a".repeat(1_000_000);
    const result = validateDeployRequest({ ...validDeployRequest(), name: huge, description: huge, [huge]: 1 }, ctx);
    expect(result.ok).toBe(false);
    wellFormed(result.issues);
    for (const i of result.issues) expect(i.message.length).toBeLessThan(500);
  });
});
