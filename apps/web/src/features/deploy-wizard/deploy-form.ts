// The wizard's form model: values typed by the shared contract, a resolver that runs the shared
// rules (so the wizard says exactly what the API would), and which step owns which field.
import { toNestErrors } from "@hookform/resolvers";
import {
  TIMEOUT_DEFAULT_MINUTES,
  validateDeployRequest,
  type DeployContext,
  type DeployServiceRequest,
  type DeployServiceRequestInput,
  type RuleIssue,
} from "@rts/contracts";
import type { FieldErrors, Resolver } from "react-hook-form";

export type DeployFormValues = DeployServiceRequestInput;

export const WIZARD_STEPS = [
  { id: "basic", title: "Basic information" },
  { id: "resources", title: "Resource pool and AI application" },
  { id: "data", title: "Data Collection and traffic limit" },
  { id: "confirm", title: "Confirm" },
] as const;
export type StepIndex = 0 | 1 | 2 | 3;
export const CONFIRM_STEP: StepIndex = 3;

/** Key under which request-wide issues (path "", e.g. the R1 service limit) sit in RHF errors. */
export const REQUEST_ERROR_KEY = "request";

const STEP_OF_TOP_LEVEL: Record<string, StepIndex> = {
  name: 0,
  description: 0,
  resourcePool: 1,
  multiPoolLoadBalancing: 1,
  configurations: 1,
  timeoutMinutes: 1,
  websocket: 1,
  dataCollection: 2,
  trafficLimit: 2,
  autoStop: 2,
};

/** The step that shows a field; request-wide and unknown paths belong to the confirmation. */
export function stepOfPath(path: string): StepIndex {
  const top = path.split(".")[0] ?? "";
  return STEP_OF_TOP_LEVEL[top] ?? CONFIRM_STEP;
}

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 6).padEnd(4, "0");
}

/** A name the user may keep: `service-<random4>` (letters and digits, so it passes R2). */
export function suggestServiceName(): string {
  return `service-${randomSuffix()}`;
}

export function emptyConfiguration(
  overrides: Partial<DeployFormValues["configurations"][number]> = {},
): DeployFormValues["configurations"][number] {
  return { versionId: "", trafficRatio: 100, flavorId: "", computeNodes: 1, envVars: [], ...overrides };
}

export function defaultDeployValues(overrides: Partial<DeployFormValues> = {}): DeployFormValues {
  return {
    name: suggestServiceName(),
    description: "",
    resourcePool: { type: "public" },
    multiPoolLoadBalancing: false,
    configurations: [emptyConfiguration()],
    timeoutMinutes: TIMEOUT_DEFAULT_MINUTES,
    websocket: false,
    dataCollection: { enabled: false },
    trafficLimit: null,
    autoStop: null,
    ...overrides,
  };
}

/** Number inputs: empty means "not a number" so the rule's range message shows (never a silent default). */
export function requiredNumber(value: unknown): number {
  if (typeof value === "number") return value;
  return value === "" || value === null || value === undefined ? Number.NaN : Number(value);
}

/** Optional number inputs: empty means "not set". */
export function optionalNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isNaN(value) ? undefined : value;
  return value === "" || value === null || value === undefined ? undefined : Number(value);
}

/** Rule issues as flat RHF errors keyed by dotted path (first message per path wins). */
export function issuesByPath(issues: readonly RuleIssue[]): Record<string, { type: string; message: string }> {
  const flat: Record<string, { type: string; message: string }> = {};
  for (const it of issues) {
    const key = it.path === "" ? REQUEST_ERROR_KEY : it.path;
    flat[key] ??= { type: it.rule, message: it.message };
  }
  return flat;
}

/**
 * RHF resolver over the shared rules. On success the form hands the parsed request (defaults
 * applied) to the submit handler; on failure every issue lands on its dotted path.
 */
export function deployResolver(context: DeployContext): Resolver<DeployFormValues, unknown, DeployServiceRequest> {
  return (values, _ctx, options) => {
    const result = validateDeployRequest(values, context);
    if (result.ok) return { values: result.value, errors: {} };
    return {
      values: {},
      errors: toNestErrors(issuesByPath(result.issues) as FieldErrors, options) as FieldErrors<DeployFormValues>,
    };
  };
}

/**
 * The shared rules' issues for the form as it stands. The rules whose fields are filled in run
 * even while other fields are still empty or invalid (R15), so a taken name or a wrong ratio
 * total shows as soon as it is true.
 */
export function liveIssues(values: DeployFormValues, context: DeployContext): RuleIssue[] {
  const result = validateDeployRequest(values, context);
  return result.ok ? [] : result.issues;
}

/**
 * A copy of watched form values. RHF may hand watchers its live, mutated values object; a copy
 * passed through useWatch's `compute` is compared deeply, so every change re-renders and memos
 * keyed on the value see a new reference.
 */
export function snapshot<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** Whether `path` is `prefix` itself or lies under it ("configurations.0.flavorId" under "configurations"). */
export function isPathWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}
