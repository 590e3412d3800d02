import type { DeployServiceRequest, VersionConfiguration } from "../deploy-request.ts";
import type { DeployContext } from "./deploy-context.ts";
import type { RuleId, RuleIssue } from "./rule-issue.ts";

// R15: every error in a request is reported at once. A body that does not parse as a whole is
// read field by field, and every rule check whose inputs parsed runs on those fields. So that a
// check cannot read a field nobody made sure of, each one declares what it reads, and its
// parameter type is derived from that declaration: the compiler refuses a check that reads more.
// (Imports here are type-only: the request schema imports the rule files for their messages.)

/** A top-level field of the request (the configurations list is reached through `configuration`). */
export type RequestField = Exclude<keyof DeployServiceRequest, "configurations">;
/** A field of one version configuration. */
export type ConfigurationField = keyof VersionConfiguration;

/**
 * One configuration as far as it parsed: each field it declares is there, `undefined` when its
 * value was not valid (that field's structural issue is reported instead). The keys are required
 * so that a check reading an undeclared field does not type-check.
 */
export type PartialConfiguration<C extends ConfigurationField = ConfigurationField> = {
  readonly [F in C]: VersionConfiguration[F] | undefined;
};

/** A request as far as it parsed: the top-level fields whose values are valid, and the list of configurations if it is a list. */
export type PartialDeployRequest = { readonly [K in RequestField]?: DeployServiceRequest[K] } & {
  readonly configurations?: ReadonlyArray<PartialConfiguration>;
};

/**
 * What a check sees: the top-level fields it reads, all parsed, and, if it reads fields of the
 * configurations, every configuration with those fields (each possibly `undefined`). A full
 * DeployServiceRequest is a RequestView of every kind.
 */
export type RequestView<R extends RequestField = never, C extends ConfigurationField = never> = Pick<DeployServiceRequest, R> &
  ([C] extends [never] ? unknown : { readonly configurations: ReadonlyArray<PartialConfiguration<C>> });

export type RuleInputs = {
  readonly request: readonly RequestField[];
  readonly configuration: readonly ConfigurationField[];
};

export type DeployCheck = {
  readonly rule: RuleId;
  /** The fields the check reads; it runs only when the top-level ones parsed and, if any configuration field is read, the configurations are a list. */
  readonly reads: RuleInputs;
  /** The check's issues for a request, full or partial; [] when what it reads did not parse. */
  readonly check: (request: PartialDeployRequest, ctx: DeployContext) => RuleIssue[];
};

/** Whether every input of a check parsed, so the check may run on this request. */
export function inputsParsed(request: PartialDeployRequest, reads: RuleInputs): boolean {
  if (reads.configuration.length > 0 && request.configurations === undefined) return false;
  return reads.request.every((field) => request[field] !== undefined);
}

/**
 * A rule check with the fields it reads. `check` is typed from `reads`, so declaring less than
 * the check reads is a type error.
 */
export function deployCheck<const R extends RequestField = never, const C extends ConfigurationField = never>(
  rule: RuleId,
  reads: { request?: readonly R[]; configuration?: readonly C[] },
  check: (request: NoInfer<RequestView<R, C>>, ctx: DeployContext) => RuleIssue[],
): DeployCheck {
  const declared: RuleInputs = { request: reads.request ?? [], configuration: reads.configuration ?? [] };
  return {
    rule,
    reads: declared,
    // Sound: inputsParsed has just made sure of every field the view promises.
    check: (request, ctx) => (inputsParsed(request, declared) ? check(request as RequestView<R, C>, ctx) : []),
  };
}

/**
 * Whether every configuration has `fields` parsed. Checks over all configurations together (a
 * sum, the quota, capacity) use it: a total over the configurations that parsed would be wrong.
 */
export function everyConfigurationHas<C extends ConfigurationField, F extends C>(
  configurations: ReadonlyArray<PartialConfiguration<C>>,
  ...fields: F[]
): configurations is ReadonlyArray<PartialConfiguration<C> & Pick<VersionConfiguration, F>> {
  return configurations.every((c) => fields.every((f) => c[f] !== undefined));
}
