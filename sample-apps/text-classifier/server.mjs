// @ts-check
/**
 * Text classifier model server: sorts support messages into billing / technical / account.
 *   PORT=8101 node sample-apps/text-classifier/server.mjs --model-version 2.0.0
 * POST /predict {"text": "..."} or {"instances": ["...", ...]}
 */
import { HttpError, startModelServer } from "../model-server-kit.mjs";
import { trainForVersion } from "./model.mjs";

const MAX_BATCH = 256;

/**
 * @param {unknown} value
 * @param {string} field
 * @returns {string}
 */
function requireText(value, field) {
  if (typeof value !== "string") throw new HttpError(400, `"${field}" must be a string`);
  if (value.trim() === "") throw new HttpError(400, `"${field}" must not be empty`);
  return value;
}

startModelServer({
  appName: "text-classifier",
  load(version) {
    const model = trainForVersion(version);
    return (body) => {
      if (Array.isArray(body.instances)) {
        if (body.instances.length === 0) throw new HttpError(400, '"instances" must not be empty');
        if (body.instances.length > MAX_BATCH) throw new HttpError(400, `"instances" may hold at most ${MAX_BATCH} texts`);
        const texts = body.instances.map((t, i) => requireText(t, `instances[${i}]`));
        return { predictions: texts.map((t) => model.predict(t)) };
      }
      if (body.instances !== undefined) throw new HttpError(400, '"instances" must be an array of strings');
      if (body.text === undefined) throw new HttpError(400, 'missing "text": send {"text": "..."} or {"instances": ["..."]}');
      return model.predict(requireText(body.text, "text"));
    };
  },
});
