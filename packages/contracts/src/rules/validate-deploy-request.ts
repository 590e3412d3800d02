import { z } from "zod";
import { DeployServiceRequestSchema, VersionConfigurationSchema, type DeployServiceRequest } from "../deploy-request.ts";
import type { DeployContext } from "./deploy-context.ts";
import { normalizeIssues, type RuleId, type RuleIssue } from "./rule-issue.ts";
import {
  deployCheck,
  type ConfigurationField,
  type DeployCheck,
  type PartialConfiguration,
  type PartialDeployRequest,
  type RequestField,
} from "./rule-inputs.ts";
import { checkServiceLimit } from "./r01-service-limit.ts";
import { checkDescription, checkServiceName } from "./r02-name.ts";
import { checkPoolCount, checkPoolsAndFlavors } from "./r03-resource-pool.ts";
import { checkMultiPoolChoice, checkMultiPoolNodes } from "./r04-multi-pool.ts";
import { checkVersions } from "./r05-versions.ts";
import { checkSpecifications } from "./r06-specifications.ts";
import { checkCapacity, checkComputeNodeRange } from "./r07-compute-nodes.ts";
import { checkEnvironmentVariables, envVarWarnings } from "./r08-environment-variables.ts";
import { checkTimeout } from "./r09-timeout.ts";
import { checkWebsocketDataCollection, checkWebsocketTrafficLimit, checkWebsocketVersions } from "./r10-websocket.ts";
import { checkDataCollectionRules, checkTrafficLimit } from "./r11-data-collection.ts";
import { QuotaImpactSchema, checkQuota, quotaImpact, type QuotaImpact } from "./r12-quota.ts";
import { hourlyCostCents } from "./r13-metering.ts";
import { RuleIssueSchema } from "./rule-issue.ts";

// R15: one entry point for the API and the wizard, so the same input gets the same issues,
// paths and sentences on both sides. It never throws: anything a client can send becomes
// field-level issues.

export type DeployRule = (request: DeployServiceRequest, ctx: DeployContext) => RuleIssue[];

// Every check with the fields it reads. A rule is split into several checks where its parts read
// different fields, so that a field that does not parse holds back only the parts that need it.
// The order within a rule is the order its issues were always reported in.
export const DEPLOY_RULES: ReadonlyArray<DeployCheck> = [
  // The slot limit does not depend on the request, so it is said even for an unreadable body.
  deployCheck("R1", {}, (_request, ctx) => checkServiceLimit(null, ctx)),
  deployCheck("R2", { request: ["name"] }, checkServiceName),
  deployCheck("R2", { request: ["description"] }, checkDescription),
  deployCheck("R3", { request: ["resourcePool", "multiPoolLoadBalancing"] }, checkPoolCount),
  deployCheck("R3", { request: ["resourcePool"], configuration: ["flavorId"] }, checkPoolsAndFlavors),
  deployCheck("R4", { request: ["resourcePool", "multiPoolLoadBalancing"] }, checkMultiPoolChoice),
  deployCheck("R4", { request: ["resourcePool", "multiPoolLoadBalancing"], configuration: ["computeNodes"] }, checkMultiPoolNodes),
  deployCheck("R5", { configuration: ["versionId", "trafficRatio", "flavorId"] }, checkVersions),
  deployCheck("R6", { configuration: ["flavorId"] }, checkSpecifications),
  deployCheck("R7", { configuration: ["computeNodes"] }, checkComputeNodeRange),
  deployCheck(
    "R7",
    { request: ["resourcePool", "multiPoolLoadBalancing"], configuration: ["flavorId", "computeNodes"] },
    checkCapacity,
  ),
  deployCheck("R8", { configuration: ["envVars"] }, checkEnvironmentVariables),
  deployCheck("R9", { request: ["timeoutMinutes"] }, checkTimeout),
  deployCheck("R10", { request: ["websocket"], configuration: ["versionId"] }, checkWebsocketVersions),
  deployCheck("R10", { request: ["websocket", "trafficLimit"] }, checkWebsocketTrafficLimit),
  deployCheck("R10", { request: ["websocket", "dataCollection"] }, checkWebsocketDataCollection),
  deployCheck("R11", { request: ["dataCollection"] }, checkDataCollectionRules),
  deployCheck("R11", { request: ["trafficLimit"] }, checkTrafficLimit),
  deployCheck("R12", { request: ["resourcePool"], configuration: ["flavorId", "computeNodes"] }, checkQuota),
];

const KEY_LABEL_MAX = 40;

function keyLabel(key: string): string {
  const short = key.length > KEY_LABEL_MAX ? `${key.slice(0, KEY_LABEL_MAX)}…` : key;
  return JSON.stringify(short);
}

export const REQUEST_MESSAGES = {
  notAnObject: "The request body must be a JSON object with the service settings.",
  unknownField: (key: string) => `Unknown field ${keyLabel(key)}. Check the spelling against the documented fields.`,
  invalidValue: "This value is not valid.",
  unreadable: "The request could not be read. Send a JSON object with the service settings.",
} as const;

// Which rule owns a field, by path; misspelled fields are R15 wherever they are.
const TOP_LEVEL_OWNER: Record<string, RuleId> = {
  name: "R2",
  description: "R2",
  resourcePool: "R3",
  multiPoolLoadBalancing: "R4",
  configurations: "R5",
  timeoutMinutes: "R9",
  websocket: "R10",
  dataCollection: "R11",
  trafficLimit: "R11",
  autoStop: "R17",
};
const CONFIGURATION_FIELD_OWNER: Record<string, RuleId> = {
  versionId: "R5",
  trafficRatio: "R5",
  flavorId: "R6",
  computeNodes: "R7",
  envVars: "R8",
};

export function ruleForPath(path: readonly string[]): RuleId {
  const [top, index, field] = path;
  if (top === undefined || !Object.hasOwn(TOP_LEVEL_OWNER, top)) return "R15";
  if (top === "configurations" && index !== undefined && field !== undefined) {
    return Object.hasOwn(CONFIGURATION_FIELD_OWNER, field) ? (CONFIGURATION_FIELD_OWNER[field] as RuleId) : "R15";
  }
  return TOP_LEVEL_OWNER[top] as RuleId;
}

function segment(s: PropertyKey): string {
  return typeof s === "symbol" ? (s.description ?? "symbol") : String(s);
}

/** Zod issues as rule issues: dotted paths, the owning rule, one issue per misspelled key. */
export function zodIssuesToRuleIssues(issues: readonly z.core.$ZodIssue[]): RuleIssue[] {
  const out: RuleIssue[] = [];
  for (const iss of issues) {
    const segments = iss.path.map(segment);
    if (iss.code === "unrecognized_keys") {
      for (const key of iss.keys) {
        out.push({ rule: "R15", path: [...segments, key].join("."), message: REQUEST_MESSAGES.unknownField(key) });
      }
      continue;
    }
    if (segments.length === 0) {
      out.push({ rule: "R15", path: "", message: REQUEST_MESSAGES.notAnObject });
      continue;
    }
    out.push({ rule: ruleForPath(segments), path: segments.join("."), message: iss.message || REQUEST_MESSAGES.invalidValue });
  }
  return out;
}

// A field shows one problem at a time (the first), like a form does.
function firstPerPath(issues: readonly RuleIssue[]): RuleIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => (seen.has(i.path) ? false : (seen.add(i.path), true)));
}

type ParseOutcome = { value: DeployServiceRequest; issues: RuleIssue[] } | { value: null; issues: RuleIssue[] };

function parse(input: unknown): ParseOutcome {
  try {
    const result = DeployServiceRequestSchema.safeParse(input, { error: () => REQUEST_MESSAGES.invalidValue });
    if (result.success) return { value: result.data, issues: [] };
    return { value: null, issues: firstPerPath(zodIssuesToRuleIssues(result.error.issues)) };
  } catch {
    // Only exotic JS values (throwing getters, proxies) get here; JSON bodies cannot.
    return { value: null, issues: [{ rule: "R15", path: "", message: REQUEST_MESSAGES.unreadable }] };
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

const REQUEST_FIELDS = Object.keys(DeployServiceRequestSchema.shape).filter(
  (key): key is RequestField => key !== "configurations",
);
const CONFIGURATION_FIELDS = Object.keys(VersionConfigurationSchema.shape) as ConfigurationField[];

// Each field goes through the same schema as in the whole-body parse, so a field is in the partial
// request exactly when the whole-body parse reported nothing under its path.
function parseConfiguration(input: unknown): PartialConfiguration {
  const configuration: Record<string, unknown> = {};
  for (const field of CONFIGURATION_FIELDS) {
    const result = isRecord(input) ? VersionConfigurationSchema.shape[field].safeParse(input[field]) : undefined;
    configuration[field] = result?.success ? result.data : undefined;
  }
  return configuration as PartialConfiguration;
}

/** The fields of a body that does not parse as a whole, each parsed on its own. */
export function parseFieldByField(input: unknown): PartialDeployRequest {
  if (!isRecord(input)) return {};
  const partial: Record<string, unknown> = {};
  for (const field of REQUEST_FIELDS) {
    const result = DeployServiceRequestSchema.shape[field].safeParse(input[field]);
    if (result.success) partial[field] = result.data;
  }
  const configurations = input["configurations"];
  // Array.from, not map: a hole in a sparse list is a configuration that did not parse, not a gap.
  if (Array.isArray(configurations)) partial["configurations"] = Array.from(configurations, parseConfiguration);
  return partial as PartialDeployRequest;
}

function runChecks(request: PartialDeployRequest, ctx: DeployContext): RuleIssue[] {
  return normalizeIssues(DEPLOY_RULES.flatMap(({ check }) => check(request, ctx)));
}

/** Run every contextual rule on a parsed request; all issues, not just the first. */
export function runDeployRules(request: DeployServiceRequest, ctx: DeployContext): RuleIssue[] {
  return runChecks(request, ctx);
}

export type DeployValidationResult =
  | { ok: true; value: DeployServiceRequest; issues: [] }
  | { ok: false; issues: RuleIssue[] };

function evaluate(input: unknown, ctx: DeployContext): { value: DeployServiceRequest | null; issues: RuleIssue[] } {
  const parsed = parse(input);
  if (parsed.value !== null) return { value: parsed.value, issues: runDeployRules(parsed.value, ctx) };
  // R15: structural errors do not hide rule errors on the fields that did parse. Every check whose
  // inputs parsed runs on them; a field with a structural issue shows that one only.
  let partial: PartialDeployRequest;
  try {
    partial = parseFieldByField(input);
  } catch {
    partial = {};
  }
  const structuralPaths = new Set(parsed.issues.map((i) => i.path).filter((path) => path !== ""));
  const ruleIssues = runChecks(partial, ctx).filter((i) => !structuralPaths.has(i.path));
  return { value: null, issues: normalizeIssues([...ruleIssues, ...parsed.issues]) };
}

export function validateDeployRequest(input: unknown, ctx: DeployContext): DeployValidationResult {
  const { value, issues } = evaluate(input, ctx);
  if (value !== null && issues.length === 0) return { ok: true, value, issues: [] };
  return { ok: false, issues };
}

export const DeployPreviewSchema = z
  .object({
    valid: z.boolean().describe("True when the deploy would be accepted."),
    issues: z.array(RuleIssueSchema),
    quota: QuotaImpactSchema.nullable().describe("Null while the request cannot be read."),
    hourlyCostCents: z.int().nullable().describe("What the service adds per hour; 0 in a dedicated pool (the pool is metered)."),
    warnings: z.array(z.string()).describe("Advice that does not block the deploy (e.g. secrets in environment variables)."),
  })
  .describe("Dry run of a deploy: the issues and what it would cost.");
export type DeployPreview = z.infer<typeof DeployPreviewSchema>;

// Warnings should show while the form is still incomplete, so read keys leniently from raw input.
function rawEnvVarKeys(input: unknown): Array<{ key: string }> {
  if (!isRecord(input) || !Array.isArray(input["configurations"])) return [];
  const keys: Array<{ key: string }> = [];
  for (const c of input["configurations"] as unknown[]) {
    if (!isRecord(c) || !Array.isArray(c["envVars"])) continue;
    for (const v of c["envVars"] as unknown[]) {
      if (isRecord(v) && typeof v["key"] === "string") keys.push({ key: v["key"] });
    }
  }
  return keys;
}

/** The API's dry run and the wizard's live preview. */
export function previewDeploy(input: unknown, ctx: DeployContext): DeployPreview {
  const { value, issues } = evaluate(input, ctx);
  let warnings: string[] = [];
  try {
    warnings = envVarWarnings(value !== null ? value.configurations.flatMap((c) => c.envVars) : rawEnvVarKeys(input));
  } catch {
    warnings = [];
  }
  const quota: QuotaImpact | null = value !== null ? quotaImpact(value, ctx) : null;
  return {
    valid: value !== null && issues.length === 0,
    issues,
    quota,
    hourlyCostCents: value !== null ? hourlyCostCents(value, ctx) : null,
    warnings,
  };
}
