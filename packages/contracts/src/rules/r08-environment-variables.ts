import type { DeployContext } from "./deploy-context.ts";
import type { RequestView } from "./rule-inputs.ts";
import { fieldPath, issue, type RuleIssue } from "./rule-issue.ts";

// R8: environment variables are injected into every instance. Values may be secrets despite
// the warning, so no message, warning or log line built here ever contains a value.

export const ENV_VAR_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const ENV_VAR_KEY_MAX_LENGTH = 128;
export const ENV_VAR_VALUE_MAX_LENGTH = 4096;
export const ENV_VARS_MAX_COUNT = 50;
export const ENV_VARS_MAX_TOTAL_LENGTH = 32768;
export const SENSITIVE_KEY_PATTERN = /PASS|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE/i;

// Names the runtime, the dynamic linker or the platform itself interprets: NODE_OPTIONS can load
// code into the model server before it starts, LD_PRELOAD into any process, PATH picks which
// binaries run, and the runtime sets PORT, HOST, MODEL_VERSION and RTS_* for each instance. All of
// NODE_* is refused: Node reads many of them (NODE_EXTRA_CA_CERTS, NODE_TLS_REJECT_UNAUTHORIZED...)
// and none describes a model.
export const RESERVED_ENV_VAR_PREFIXES = ["NODE_", "LD_", "RTS_"] as const;
export const RESERVED_ENV_VAR_NAMES = ["PATH", "PORT", "HOST", "MODEL_VERSION"] as const;

/** Case-insensitive: some runtimes and shells treat names without regard to case. */
export function isReservedEnvVarKey(key: string): boolean {
  const upper = key.toUpperCase();
  return (
    (RESERVED_ENV_VAR_NAMES as readonly string[]).includes(upper) ||
    RESERVED_ENV_VAR_PREFIXES.some((prefix) => upper.startsWith(prefix))
  );
}

export const ENV_VAR_MESSAGES = {
  notList: "Environment variables must be a list of name and value pairs.",
  notPair: "Each environment variable needs a name and a value.",
  keyRequired: "Enter a name for the environment variable.",
  keyTooLong: `Environment variable names can be at most ${ENV_VAR_KEY_MAX_LENGTH} characters.`,
  keyFormat:
    "Environment variable names must start with a letter or underscore and contain only letters, digits and underscores.",
  keyReserved: (key: string) =>
    `${key} is set by the platform or read by the runtime (names PATH, PORT, HOST, MODEL_VERSION and those starting with NODE_, LD_ or RTS_ are reserved): an environment variable may configure the model, never the sandbox it runs in.`,
  keyDuplicate: (key: string) =>
    `Environment variable ${key} is already defined in this configuration; names must be unique.`,
  valueNotText: "Environment variable values must be text.",
  valueTooLong: `Environment variable values can be at most ${ENV_VAR_VALUE_MAX_LENGTH} characters.`,
  tooMany: `A configuration can have at most ${ENV_VARS_MAX_COUNT} environment variables.`,
  tooLarge: (total: number) =>
    `The environment variables of this configuration total ${total} characters (names plus values); the limit is ${ENV_VARS_MAX_TOTAL_LENGTH}.`,
} as const;

export const ENV_VAR_GENERAL_WARNING =
  "Do not put sensitive information such as passwords or access keys in environment variables: anyone who can view the service can read them.";

export const sensitiveEnvVarWarning = (key: string) =>
  `${key} looks like it holds a secret. Environment variables are not a safe place for passwords, tokens or keys.`;

export type EnvVar = { key: string; value: string };

/** What every API answer shows in place of a value: values are write-only once deployed. */
export const MASKED_ENV_VAR_VALUE = "********";

/** The first problem with a key's format, or null. */
export function envVarKeyMessage(key: string): string | null {
  if (key.length === 0) return ENV_VAR_MESSAGES.keyRequired;
  if (key.length > ENV_VAR_KEY_MAX_LENGTH) return ENV_VAR_MESSAGES.keyTooLong;
  if (!ENV_VAR_KEY_PATTERN.test(key)) return ENV_VAR_MESSAGES.keyFormat;
  if (isReservedEnvVarKey(key)) return ENV_VAR_MESSAGES.keyReserved(key);
  return null;
}

/** Warnings, not errors: the deploy goes through. Only well-formed keys are echoed. */
export function envVarWarnings(envVars: ReadonlyArray<{ key: string }>): string[] {
  if (envVars.length === 0) return [];
  const warnings = [ENV_VAR_GENERAL_WARNING];
  for (const { key } of envVars) {
    if (envVarKeyMessage(key) !== null || !SENSITIVE_KEY_PATTERN.test(key)) continue;
    const w = sensitiveEnvVarWarning(key);
    if (!warnings.includes(w)) warnings.push(w);
  }
  return warnings;
}

export function checkEnvVarList(envVars: readonly EnvVar[], configurationIndex: number): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const base = fieldPath("configurations", configurationIndex, "envVars");
  if (envVars.length > ENV_VARS_MAX_COUNT) issues.push(issue("R8", base, ENV_VAR_MESSAGES.tooMany));
  const seen = new Set<string>();
  let total = 0;
  envVars.forEach((v, j) => {
    total += v.key.length + v.value.length;
    const keyMessage = envVarKeyMessage(v.key);
    if (keyMessage !== null) issues.push(issue("R8", fieldPath(base, j, "key"), keyMessage));
    else if (seen.has(v.key)) issues.push(issue("R8", fieldPath(base, j, "key"), ENV_VAR_MESSAGES.keyDuplicate(v.key)));
    seen.add(v.key);
    if (v.value.length > ENV_VAR_VALUE_MAX_LENGTH) {
      issues.push(issue("R8", fieldPath(base, j, "value"), ENV_VAR_MESSAGES.valueTooLong));
    }
  });
  if (total > ENV_VARS_MAX_TOTAL_LENGTH) issues.push(issue("R8", base, ENV_VAR_MESSAGES.tooLarge(total)));
  return issues;
}

export function checkEnvironmentVariables(request: RequestView<never, "envVars">, _ctx: DeployContext): RuleIssue[] {
  return request.configurations.flatMap((c, i) => (c.envVars === undefined ? [] : checkEnvVarList(c.envVars, i)));
}
