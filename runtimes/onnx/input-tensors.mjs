// @ts-check
/**
 * Turns request inputs into ONNX Runtime tensors, checked against the model's own description.
 * Every problem of a request is collected, so one answer lists them all, each naming the input
 * and what the model expects.
 */
import ort from "onnxruntime-node";
import { OIP_DATATYPES, elementProblem, ortType, typedData } from "./tensor-datatypes.mjs";

/**
 * @typedef {import("./model-session.mjs").TensorDescription} TensorDescription
 * @typedef {import("./tensor-datatypes.mjs").OipDatatype} OipDatatype
 * @typedef {Record<string, import("onnxruntime-node").Tensor>} Feeds
 */

/** Raised with every problem of a request; answered as 400. */
export class InputError extends Error {
  /** @param {string[]} problems */
  constructor(problems) {
    super(problems.join("; "));
    this.problems = problems;
  }
}

/** @param {number[]} shape */
export function formatShape(shape) {
  return `[${shape.join(", ")}]`;
}

/** @param {TensorDescription} input */
function expectation(input) {
  return `${input.datatype} with shape ${formatShape(input.shape)}${input.shape.includes(-1) ? " (-1: any size)" : ""}`;
}

/**
 * Flattens nested arrays in row-major order.
 * @param {unknown} data
 * @returns {unknown[]}
 */
function flatten(data) {
  return Array.isArray(data) ? data.flat(Infinity) : [data];
}

/**
 * The shape of a nested array, or null when it is ragged.
 * @param {unknown} data
 * @returns {number[] | null}
 */
export function nestedShape(data) {
  if (!Array.isArray(data)) return [];
  if (data.length === 0) return [0];
  const inner = data.map(nestedShape);
  const first = inner[0];
  if (!first || inner.some((s) => s === null || s.length !== first.length || s.some((d, i) => d !== first[i]))) return null;
  return [data.length, ...first];
}

/**
 * Checks a given shape against the model's and builds the tensor; pushes problems instead.
 * @param {TensorDescription} input
 * @param {number[]} shape
 * @param {unknown} data
 * @param {string[]} problems
 * @returns {import("onnxruntime-node").Tensor | null}
 */
function buildTensor(input, shape, data, problems) {
  const before = problems.length;
  const rankMatches = input.shape.length === shape.length;
  if (!rankMatches || input.shape.some((d, i) => d >= 0 && d !== shape[i])) {
    problems.push(`input "${input.name}": shape ${formatShape(shape)} does not fit the model's ${expectation(input)}`);
  }
  const values = flatten(data);
  const expected = shape.reduce((n, d) => n * d, 1);
  if (values.length !== expected) {
    problems.push(`input "${input.name}": shape ${formatShape(shape)} holds ${expected} values, but data has ${values.length}`);
  }
  const bad = values.findIndex((v) => elementProblem(v, input.datatype) !== null);
  if (bad >= 0) {
    problems.push(`input "${input.name}": element ${bad} (${JSON.stringify(values[bad])}) ${elementProblem(values[bad], input.datatype)}; the model takes ${input.datatype}`);
  }
  if (problems.length > before) return null;
  return new ort.Tensor(/** @type {any} */ (ortType(input.datatype)), /** @type {any} */ (typedData(input.datatype, values)), shape);
}

/**
 * @param {TensorDescription[]} inputs the model's inputs
 * @param {Map<string, unknown>} given
 * @param {string[]} problems
 */
function reportMissingAndUnknown(inputs, given, problems) {
  for (const input of inputs) {
    if (!given.has(input.name)) problems.push(`missing input "${input.name}": the model expects ${expectation(input)}`);
  }
  const known = new Set(inputs.map((i) => i.name));
  for (const name of given.keys()) {
    if (!known.has(name)) problems.push(`unknown input "${name}": the model's inputs are ${inputs.map((i) => `"${i.name}"`).join(", ")}`);
  }
}

/**
 * Open Inference Protocol request inputs: [{name, shape, datatype, data, parameters?}].
 * @param {TensorDescription[]} inputs the model's inputs
 * @param {unknown} requestInputs
 * @returns {Feeds}
 */
export function oipFeeds(inputs, requestInputs) {
  if (!Array.isArray(requestInputs) || requestInputs.length === 0) {
    throw new InputError([`"inputs" must be a non-empty list of tensors {name, shape, datatype, data}; the model expects ${inputs.map((i) => `"${i.name}" ${expectation(i)}`).join(", ")}`]);
  }
  /** @type {string[]} */
  const problems = [];
  /** @type {Map<string, Record<string, unknown>>} */
  const given = new Map();
  requestInputs.forEach((tensor, index) => {
    if (tensor === null || typeof tensor !== "object" || Array.isArray(tensor) || typeof tensor.name !== "string") {
      problems.push(`inputs[${index}] must be an object with a "name"`);
    } else if (given.has(tensor.name)) {
      problems.push(`input "${tensor.name}" is given twice`);
    } else {
      given.set(tensor.name, tensor);
    }
  });
  reportMissingAndUnknown(inputs, given, problems);
  /** @type {Feeds} */
  const feeds = {};
  for (const input of inputs) {
    const tensor = given.get(input.name);
    if (!tensor) continue;
    const { shape, datatype, data } = tensor;
    const shapeIsValid = Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0);
    if (!shapeIsValid) problems.push(`input "${input.name}": "shape" must be a list of whole numbers >= 0, e.g. ${formatShape(input.shape.map((d) => (d < 0 ? 1 : d)))}`);
    if (typeof datatype !== "string" || !OIP_DATATYPES.includes(/** @type {OipDatatype} */ (datatype))) {
      problems.push(`input "${input.name}": "datatype" must be one of ${OIP_DATATYPES.join(", ")}; the model takes ${input.datatype}`);
    } else if (datatype !== input.datatype) {
      problems.push(`input "${input.name}": datatype ${datatype} does not match the model's ${input.datatype}`);
    }
    if (data === undefined) problems.push(`input "${input.name}": "data" is missing`);
    if (!shapeIsValid || datatype !== input.datatype || data === undefined) continue;
    const built = buildTensor(input, /** @type {number[]} */ (shape), data, problems);
    if (built) feeds[input.name] = built;
  }
  if (problems.length > 0) throw new InputError(problems);
  return feeds;
}

/**
 * The platform's JSON inputs: {"<input name>": <nested array>}. A single row may leave out the
 * batch dimension when the model's first dimension is dynamic.
 * @param {TensorDescription[]} inputs the model's inputs
 * @param {Record<string, unknown>} named
 * @returns {Feeds}
 */
export function jsonFeeds(inputs, named) {
  /** @type {string[]} */
  const problems = [];
  const given = new Map(Object.entries(named));
  reportMissingAndUnknown(inputs, given, problems);
  /** @type {Feeds} */
  const feeds = {};
  for (const input of inputs) {
    if (!given.has(input.name)) continue;
    const data = given.get(input.name);
    let shape = nestedShape(data);
    if (shape === null) {
      problems.push(`input "${input.name}": the nested arrays are ragged (rows of different lengths); the model expects ${expectation(input)}`);
      continue;
    }
    if (shape.length === input.shape.length - 1 && input.shape[0] === -1) shape = [1, ...shape];
    const built = buildTensor(input, shape, data, problems);
    if (built) feeds[input.name] = built;
  }
  if (problems.length > 0) throw new InputError(problems);
  return feeds;
}
