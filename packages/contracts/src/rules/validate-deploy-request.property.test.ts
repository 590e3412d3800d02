import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DeployServiceRequestSchema, VersionConfigurationSchema } from "../deploy-request.ts";
import { fixtureContext, flavors, pools, validDeployRequest, versions } from "../testing/index.ts";
import type { ConfigurationField, RequestField } from "./rule-inputs.ts";
import { RuleIdSchema, type RuleIssue } from "./rule-issue.ts";
import { DEPLOY_RULES, previewDeploy, validateDeployRequest } from "./validate-deploy-request.ts";

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

// Bodies that parse as a whole but break rules in every way the fixture world allows: taken
// names, unknown or non-Normal versions, gray or dedicated-only flavors, bad pool choices, ratio
// totals off 100, duplicate or secret-looking env vars, WebSocket with a limit, over quota...
const configurationArb = fc.record({
  versionId: fc.constantFrom(...Object.values(versions).map((v) => v.id), "ver-unknown"),
  trafficRatio: fc.integer({ min: 0, max: 100 }),
  flavorId: fc.constantFrom(...Object.values(flavors).map((f) => f.id), "flavor-unknown"),
  computeNodes: fc.integer({ min: 1, max: 9 }),
  envVars: fc.array(
    fc.record({ key: fc.constantFrom("MODEL_DIR", "THREADS", "DB_PASSWORD", "_X"), value: fc.string({ maxLength: 12 }) }),
    { maxLength: 3 },
  ),
});
const parsableBodyArb = fc.record({
  name: fc.constantFrom("digits-service", "existing-service", "a", "Svc_2"),
  description: fc.string({ maxLength: 100 }),
  resourcePool: fc.oneof(
    fc.constant({ type: "public" as const }),
    fc.record({
      type: fc.constant("dedicated" as const),
      poolIds: fc.array(fc.constantFrom(...Object.values(pools).map((p) => p.id), "pool-unknown"), { maxLength: 3 }),
    }),
  ),
  multiPoolLoadBalancing: fc.boolean(),
  configurations: fc.array(configurationArb, { minLength: 1, maxLength: 4 }),
  timeoutMinutes: fc.integer({ min: 3, max: 120 }),
  websocket: fc.boolean(),
  dataCollection: fc.record(
    { enabled: fc.boolean(), samplingPercent: fc.integer({ min: 1, max: 100 }), retentionDays: fc.integer({ min: 1, max: 30 }) },
    { requiredKeys: ["enabled"] },
  ),
  trafficLimit: fc.option(fc.record({ requestsPerSecond: fc.integer({ min: 1, max: 10_000 }) }), { nil: null }),
});

type Broken = { field: RequestField | "configurations" } | { index: number; field: ConfigurationField };
const REQUEST_FIELDS = Object.keys(DeployServiceRequestSchema.shape) as Array<RequestField | "configurations">;
const CONFIGURATION_FIELDS = Object.keys(VersionConfigurationSchema.shape) as ConfigurationField[];
const brokenArb: fc.Arbitrary<Broken> = fc.oneof(
  fc.constantFrom(...REQUEST_FIELDS).map((field) => ({ field })),
  fc.record({ index: fc.nat({ max: 3 }), field: fc.constantFrom(...CONFIGURATION_FIELDS) }),
);
// 7.5 fails every field's schema (not text, not a whole number, not a list, not an object).
const badValueArb = fc.constantFrom<unknown>(7.5, "§", {}, [], null, true, -1, "x".repeat(200));

function schemaOf(b: Broken) {
  return "index" in b ? VersionConfigurationSchema.shape[b.field] : DeployServiceRequestSchema.shape[b.field];
}

function pathOf(b: Broken): string {
  return "index" in b ? `configurations.${b.index}.${b.field}` : b.field;
}

function reads(check: (typeof DEPLOY_RULES)[number], b: Broken): boolean {
  if ("index" in b) return check.reads.configuration.includes(b.field);
  if (b.field === "configurations") return check.reads.configuration.length > 0;
  return check.reads.request.includes(b.field);
}

describe("R15 property: a broken field does not hide the other rules' issues", () => {
  it("R15 every issue of the checks that read only valid fields still appears when other fields are broken", () => {
    fc.assert(
      fc.property(
        parsableBodyArb,
        fc.uniqueArray(fc.tuple(brokenArb, badValueArb), { minLength: 1, maxLength: 3, selector: ([b]) => pathOf(b) }),
        (body, breaks) => {
        const parsed = DeployServiceRequestSchema.safeParse(body);
        expect(parsed.success).toBe(true);
        const request = parsed.data!;
        // Break fields that exist (a configuration inside the list, unless the list itself is
        // broken) with a value their schema refuses.
        const listBroken = breaks.some(([b]) => !("index" in b) && b.field === "configurations");
        const applied = breaks
          .filter(([b]) => !("index" in b) || (!listBroken && b.index < body.configurations.length))
          .map(([b, value]) => [b, schemaOf(b).safeParse(value).success ? 7.5 : value] as const);
        fc.pre(applied.length > 0);
        const input = structuredClone(body) as unknown as Record<string, unknown>;
        for (const [b, value] of applied) {
          if ("index" in b) (input["configurations"] as Array<Record<string, unknown>>)[b.index]![b.field] = value;
          else input[b.field] = value;
        }

        const result = validateDeployRequest(input, ctx);
        expect(result.ok).toBe(false);
        wellFormed(result.issues);
        const untouched = DEPLOY_RULES.filter((check) => applied.every(([b]) => !reads(check, b)));
        for (const expected of untouched.flatMap(({ check }) => check(request, ctx))) {
          expect(result.issues).toContainEqual(expected);
        }
        for (const [b] of applied) {
          const path = pathOf(b);
          // The structural issue is there, and it is the only one on its path.
          expect(result.issues.some((i) => i.path === path || i.path.startsWith(`${path}.`))).toBe(true);
          expect(result.issues.filter((i) => i.path === path).length).toBeLessThanOrEqual(1);
        }
        expect(previewDeploy(input, ctx).issues).toEqual(result.issues);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("R15 a body that parses gets the issues of every check on the whole request", () => {
    fc.assert(
      fc.property(parsableBodyArb, (body) => {
        const issues = validateDeployRequest(body, ctx).issues;
        for (const expected of DEPLOY_RULES.flatMap(({ check }) => check(body, ctx))) expect(issues).toContainEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
