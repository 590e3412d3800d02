import { fieldPath, issue, type RuleIssue } from "./rules/rule-issue.ts";

// R15: text that PostgreSQL cannot store (NUL) or that is not Unicode at all (an unpaired UTF-16
// surrogate, which UTF-8 encoding would silently turn into U+FFFD) is refused where it enters,
// naming the field, instead of failing deep in the database as a 500 or being stored altered.

export const TEXT_INTEGRITY_MESSAGES = {
  nul: "This text contains a NUL character (\\u0000), which is not accepted. Remove it.",
  loneSurrogate:
    "This text contains an unpaired UTF-16 surrogate (such as \\uD800), which is not valid Unicode. Remove it or send the whole character.",
} as const;

// Without the u flag a regex sees UTF-16 code units, so a high surrogate not followed by a low
// one, or a low one not preceded by a high one, is exactly an unpaired surrogate.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNPRINTABLE = new RegExp(`\\u0000|${LONE_SURROGATE.source}`, "g");

/** The problem with one piece of text, or null. */
export function textIntegrityMessage(text: string): string | null {
  if (text.includes("\u0000")) return TEXT_INTEGRITY_MESSAGES.nul;
  if (LONE_SURROGATE.test(text)) return TEXT_INTEGRITY_MESSAGES.loneSurrogate;
  return null;
}

// A path segment made from a bad key must itself be printable in the answer.
function printable(segment: string): string {
  return segment.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

// Parsed JSON, and also the query and header maps, whose prototypes are not Object's (the query
// parser uses a prototype-less class). Binary bodies and streams are not text and are skipped.
function isRecordLike(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return false;
  return typeof (value as { pipe?: unknown }).pipe !== "function";
}

type Pending = { value: unknown; segment: string | number | null; parent: Pending | null };

function pathOf(node: Pending): string {
  const segments: Array<string | number> = [];
  for (let at: Pending | null = node; at !== null; at = at.parent) if (at.segment !== null) segments.push(at.segment);
  return fieldPath(...segments.reverse());
}

/**
 * Every string (and object key) in a parsed JSON document, query or header set that is not
 * storable text, each with its dotted path. Iterative, with paths built only for what is
 * reported, so a deeply nested body costs neither stack nor quadratic time; anything that is not
 * JSON-shaped (a Buffer, a stream) is not looked into.
 */
export function findUnsafeText(value: unknown): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const pending: Pending[] = [{ value, segment: null, parent: null }];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const current = node.value;
    if (typeof current === "string") {
      const message = textIntegrityMessage(current);
      if (message !== null) issues.push(issue("R15", pathOf(node), message));
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) pending.push({ value: current[index], segment: index, parent: node });
    } else if (isRecordLike(current)) {
      for (const [key, item] of Object.entries(current).reverse()) {
        pending.push({ value: item, segment: printable(key), parent: node });
        // A bad key is checked as text at its own path, before what it holds.
        if (textIntegrityMessage(key) !== null) pending.push({ value: key, segment: printable(key), parent: node });
      }
    }
  }
  return issues;
}
