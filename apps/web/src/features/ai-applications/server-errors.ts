// Where a refused request's errors go: next to the fields they name (problem+json errors[].path),
// the rest in one message above the form, so every problem in the answer is shown at once (R15).
import { describeError } from "../../components/ui/error-state/error-state.tsx";
import { ApiProblem } from "../../lib/api-client.ts";

export interface PlacedErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  form: string | null;
}

/** `fileField` takes an upload's 413/415 when the server named no field. */
export function placeServerErrors<F extends string>(error: unknown, fields: readonly F[], fileField?: F): PlacedErrors<F> {
  if (!(error instanceof ApiProblem)) return { fields: {}, form: describeError(error).detail };
  const placed: Partial<Record<F, string>> = {};
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(error.fieldErrors())) {
    if ((fields as readonly string[]).includes(path)) placed[path as F] = message;
    else unplaced.push(message);
  }
  if (Object.keys(placed).length === 0 && unplaced.length === 0) {
    if (fileField && (error.status === 413 || error.status === 415)) return { fields: { [fileField]: error.problem.detail } as Partial<Record<F, string>>, form: null };
    return { fields: {}, form: error.problem.detail };
  }
  return { fields: placed, form: unplaced.length > 0 ? unplaced.join(" ") : null };
}
