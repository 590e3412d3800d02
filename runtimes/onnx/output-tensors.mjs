// @ts-check
/**
 * Turns ONNX Runtime results into JSON: flat row-major data for the Open Inference Protocol,
 * nested arrays for the platform's JSON contract, and the argmax label per row when the model
 * has labels.
 */
import { InputError } from "./input-tensors.mjs";
import { jsonData } from "./tensor-datatypes.mjs";

/**
 * @typedef {import("./model-session.mjs").TensorDescription} TensorDescription
 * @typedef {Record<string, import("onnxruntime-node").Tensor>} Results
 */

/**
 * The outputs to compute: all the model's, or those an OIP request names in "outputs".
 * @param {TensorDescription[]} outputs the model's outputs
 * @param {unknown} requested
 * @returns {string[]}
 */
export function selectOutputs(outputs, requested) {
  if (requested === undefined) return outputs.map((o) => o.name);
  const known = outputs.map((o) => o.name);
  if (!Array.isArray(requested)) throw new InputError([`"outputs" must be a list of {name}; the model's outputs are ${known.map((n) => `"${n}"`).join(", ")}`]);
  /** @type {string[]} */
  const problems = [];
  /** @type {string[]} */
  const names = [];
  requested.forEach((output, index) => {
    const name = output !== null && typeof output === "object" ? /** @type {{ name?: unknown }} */ (output).name : undefined;
    if (typeof name !== "string") problems.push(`outputs[${index}] must be an object with a "name"`);
    else if (!known.includes(name)) problems.push(`unknown output "${name}": the model's outputs are ${known.map((n) => `"${n}"`).join(", ")}`);
    else if (!names.includes(name)) names.push(name);
  });
  if (problems.length > 0) throw new InputError(problems);
  return names.length > 0 ? names : known;
}

/**
 * @param {TensorDescription[]} outputs
 * @param {string} name
 */
function describe(outputs, name) {
  const found = outputs.find((o) => o.name === name);
  if (!found) throw new Error(`output ${name} is not in the model's metadata`);
  return found;
}

/**
 * @param {TensorDescription[]} outputs the model's outputs
 * @param {string[]} names
 * @param {Results} results
 */
export function oipOutputs(outputs, names, results) {
  return names.map((name) => {
    const tensor = /** @type {import("onnxruntime-node").Tensor} */ (results[name]);
    const { datatype } = describe(outputs, name);
    return { name, shape: [...tensor.dims], datatype, data: jsonData(datatype, tensor.data) };
  });
}

/**
 * Row-major flat values as nested arrays of the given shape.
 * @param {unknown[]} flat
 * @param {readonly number[]} shape
 * @returns {unknown}
 */
export function nest(flat, shape) {
  if (shape.length === 0) return flat[0];
  if (shape.length === 1) return flat.slice(0, shape[0]);
  const [size, ...rest] = shape;
  const stride = rest.reduce((n, d) => n * d, 1);
  return Array.from({ length: size ?? 0 }, (_, i) => nest(flat.slice(i * stride, (i + 1) * stride), rest));
}

/**
 * @param {TensorDescription[]} outputs the model's outputs
 * @param {Results} results
 * @returns {Record<string, unknown>}
 */
export function nestedOutputs(outputs, results) {
  return Object.fromEntries(
    outputs.map(({ name, datatype }) => {
      const tensor = /** @type {import("onnxruntime-node").Tensor} */ (results[name]);
      return [name, nest(jsonData(datatype, tensor.data), tensor.dims)];
    }),
  );
}

/**
 * The label of the highest score in each row (first dimension) of a tensor.
 * @param {import("onnxruntime-node").Tensor} tensor
 * @param {string[]} labels
 * @returns {string[]}
 */
export function argmaxLabels(tensor, labels) {
  const values = Array.from(/** @type {ArrayLike<number | bigint>} */ (tensor.data), Number);
  const rows = tensor.dims.length === 0 ? 1 : (tensor.dims[0] ?? 1);
  const width = rows === 0 ? 0 : values.length / rows;
  return Array.from({ length: rows }, (_, row) => {
    let best = 0;
    for (let j = 1; j < width; j++) if ((values[row * width + j] ?? -Infinity) > (values[row * width + best] ?? -Infinity)) best = j;
    return labels[best] ?? String(best);
  });
}
