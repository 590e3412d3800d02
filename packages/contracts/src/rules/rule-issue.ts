import { z } from "zod";

// Every refusal names the DESIGN rule it comes from, so tests, API errors and wizard messages
// can be traced back to the spec.

export const RULE_IDS = [
  "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15", "R16", "R17",
] as const;
export const RuleIdSchema = z.enum(RULE_IDS).describe("The DESIGN rule (R1-R17) the issue comes from.");
export type RuleId = z.infer<typeof RuleIdSchema>;

export const RuleIssueSchema = z
  .object({
    rule: RuleIdSchema,
    path: z
      .string()
      .describe('Dotted field path, e.g. "configurations.0.trafficRatio"; "" for the whole request.'),
    message: z.string().describe("A human sentence saying what is wrong and how to fix it."),
  })
  .describe("One field-level validation issue.");
export type RuleIssue = z.infer<typeof RuleIssueSchema>;

/** Dotted path from segments; numbers are array indexes. */
export function fieldPath(...segments: ReadonlyArray<string | number>): string {
  return segments.map(String).join(".");
}

export function issue(rule: RuleId, path: string, message: string): RuleIssue {
  return { rule, path, message };
}

export function ruleNumber(rule: RuleId): number {
  return Number(rule.slice(1));
}

// Index segments compare numerically so "configurations.2" sorts before "configurations.10".
export function comparePaths(a: string, b: string): number {
  if (a === b) return 0;
  const as = a === "" ? [] : a.split(".");
  const bs = b === "" ? [] : b.split(".");
  const n = Math.min(as.length, bs.length);
  for (let i = 0; i < n; i++) {
    const x = as[i] as string;
    const y = bs[i] as string;
    if (x === y) continue;
    const xi = /^\d+$/.test(x);
    const yi = /^\d+$/.test(y);
    if (xi && yi) return Number(x) - Number(y);
    if (xi !== yi) return xi ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return as.length - bs.length;
}

/** Deduplicated by path+message (first wins), then stably sorted by rule number and path. */
export function normalizeIssues(issues: readonly RuleIssue[]): RuleIssue[] {
  const seen = new Set<string>();
  const unique: RuleIssue[] = [];
  for (const it of issues) {
    const key = `${it.path}\u0000${it.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(it);
  }
  return unique
    .map((it, index) => ({ it, index }))
    .sort((a, b) => ruleNumber(a.it.rule) - ruleNumber(b.it.rule) || comparePaths(a.it.path, b.it.path) || a.index - b.index)
    .map(({ it }) => it);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
