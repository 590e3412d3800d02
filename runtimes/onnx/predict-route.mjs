// @ts-check
/**
 * The platform's own JSON contract (POST /predict, also POST /), for the console's prediction
 * panel and callers who prefer plain arrays:
 *   {"inputs": {"<input name>": <nested array>}}  or, keyed by input name,  {"features": [[...]]}
 * answers {"version", "outputs": {"<output name>": <nested array>}, "labels"?: [...]}, where
 * labels (when the version has a labels file) is the argmax label of each row of the first output.
 * Datatypes come from the model; a single row may leave out the batch dimension.
 */
import { HttpError } from "./http-json.mjs";
import { jsonFeeds } from "./input-tensors.mjs";
import { readyModel, runModel } from "./model-state.mjs";
import { argmaxLabels, nestedOutputs } from "./output-tensors.mjs";

/**
 * @param {import("./model-state.mjs").ModelState} state
 * @param {Record<string, unknown>} body
 */
export async function predict(state, body) {
  const model = readyModel(state);
  const { inputs, outputs, labels } = model.metadata;
  const wrapped = body.inputs;
  const named =
    wrapped !== null && typeof wrapped === "object" && !Array.isArray(wrapped) && !inputs.some((i) => i.name === "inputs")
      ? /** @type {Record<string, unknown>} */ (wrapped)
      : body;
  if (Object.keys(named).length === 0) {
    const example = inputs.map((i) => `"${i.name}": [[...]]`).join(", ");
    throw new HttpError(400, `missing inputs: send {"inputs": {${example}}}`);
  }
  const results = await runModel(model, jsonFeeds(inputs, named), outputs.map((o) => o.name));
  const first = outputs[0];
  return {
    version: state.options.modelVersion,
    outputs: nestedOutputs(outputs, results),
    ...(labels && first && results[first.name] ? { labels: argmaxLabels(/** @type {import("onnxruntime-node").Tensor} */ (results[first.name]), labels) } : {}),
  };
}
