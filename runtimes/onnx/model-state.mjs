// @ts-check
/**
 * What every route reads: the options the runtime started with and, once loaded, the model.
 */

/**
 * @typedef {{
 *   options: import("./runtime-options.mjs").RuntimeOptions,
 *   model: import("./model-session.mjs").LoadedModel | null,
 * }} ModelState
 */

import { HttpError } from "./http-json.mjs";
import { InputError } from "./input-tensors.mjs";

/**
 * The loaded model, or 503 while it loads.
 * @param {ModelState} state
 */
export function readyModel(state) {
  if (!state.model) throw new HttpError(503, `model "${state.options.modelName}" is still loading; retry shortly`);
  return state.model;
}

/**
 * Runs the model; a failure inside the graph comes from this input (every input was checked
 * against the model's metadata first), so it is answered as 400 with ONNX Runtime's reason.
 * @param {import("./model-session.mjs").LoadedModel} model
 * @param {Record<string, import("onnxruntime-node").Tensor>} feeds
 * @param {string[]} outputNames
 */
export async function runModel(model, feeds, outputNames) {
  try {
    return await model.session.run(feeds, outputNames);
  } catch (error) {
    throw new InputError([`the model could not run on this input: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`]);
  }
}
