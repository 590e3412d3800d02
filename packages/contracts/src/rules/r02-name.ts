import type { DeployContext } from "./deploy-context.ts";
import type { RequestView } from "./rule-inputs.ts";
import { issue, type RuleIssue } from "./rule-issue.ts";

// R2: service name and description.
export const NAME_MAX_LENGTH = 64;
export const DESCRIPTION_MAX_LENGTH = 100;
// Shared with dedicated pool names (CreatePoolRequestSchema).
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

export const NAME_MESSAGES = {
  required: "Enter a name for the service.",
  notText: "Name must be text.",
  tooLong: `Name must be at most ${NAME_MAX_LENGTH} characters.`,
  format: "Name must start with a letter and contain only letters, digits, hyphens (-) and underscores (_).",
  taken: (name: string) => `You already have a service named "${name}". Choose a different name.`,
} as const;

export const DESCRIPTION_MESSAGES = {
  notText: "Description must be text.",
  tooLong: `Description must be at most ${DESCRIPTION_MAX_LENGTH} characters.`,
} as const;

/** The first problem with a name's format, or null; shared by the rule and the wizard's field. */
export function nameFormatMessage(name: string): string | null {
  if (name.length === 0) return NAME_MESSAGES.required;
  if (name.length > NAME_MAX_LENGTH) return NAME_MESSAGES.tooLong;
  if (!NAME_PATTERN.test(name)) return NAME_MESSAGES.format;
  return null;
}

// Name and description are checked apart, so a bad description never hides a taken name.
export function checkServiceName(request: RequestView<"name">, ctx: DeployContext): RuleIssue[] {
  const format = nameFormatMessage(request.name);
  if (format !== null) return [issue("R2", "name", format)];
  return ctx.existingServiceNames.includes(request.name) ? [issue("R2", "name", NAME_MESSAGES.taken(request.name))] : [];
}

export function checkDescription(request: RequestView<"description">, _ctx: DeployContext): RuleIssue[] {
  return request.description.length > DESCRIPTION_MAX_LENGTH ? [issue("R2", "description", DESCRIPTION_MESSAGES.tooLong)] : [];
}

export function checkName(request: RequestView<"name" | "description">, ctx: DeployContext): RuleIssue[] {
  return [...checkServiceName(request, ctx), ...checkDescription(request, ctx)];
}
