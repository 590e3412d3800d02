// R16: a change says which revision of the service it was made against (If-Match with the ETag, or
// `revision` in the body), so two operators cannot overwrite each other: 428 without, 412 when stale.
// Modify, restore and rollouts all check it here.
import { MODIFY_MESSAGES, preconditionRequiredProblem, staleRevisionProblem } from "@rts/contracts";
import { HttpProblem } from "../../plugins/http-problem.ts";

/** `"7"`, `W/"7"` or `7` -> 7; null for anything else; undefined without a header. */
export function parseIfMatch(header: string | undefined): number | null | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return match ? Number(match[1]) : null;
}

export function etagOf(revision: number): string {
  return `"${revision}"`;
}

/** The revision the client says it changes: If-Match wins over the body's `revision`. */
export function expectedRevision(ifMatch: string | undefined, body: unknown): number | undefined {
  const fromHeader = parseIfMatch(ifMatch);
  if (fromHeader === null) {
    throw HttpProblem.validation([{ rule: "R16", path: "If-Match", message: 'If-Match must be the service\'s ETag, e.g. "3".' }]);
  }
  if (fromHeader !== undefined) return fromHeader;
  const fromBody = typeof body === "object" && body !== null ? (body as { revision?: unknown }).revision : undefined;
  return typeof fromBody === "number" && Number.isInteger(fromBody) && fromBody >= 1 ? fromBody : undefined;
}

/** A dry run may leave the revision out (`required` false); a stale one is refused either way. */
export function checkRevision(expected: number | undefined, current: number, required = true): void {
  if (expected === undefined) {
    if (required) throw new HttpProblem(preconditionRequiredProblem(MODIFY_MESSAGES.preconditionRequired));
    return;
  }
  if (expected !== current) throw new HttpProblem(staleRevisionProblem(MODIFY_MESSAGES.stale(expected, current)));
}
