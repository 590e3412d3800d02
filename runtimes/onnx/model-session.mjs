// @ts-check
/**
 * Loads an ONNX file into an ONNX Runtime session (CPU) and describes its inputs and outputs from
 * the model's own metadata, in the platform's ModelMetadata shape (packages/contracts).
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import ort from "onnxruntime-node";
import { oipDatatype } from "./tensor-datatypes.mjs";

/**
 * @typedef {import("./tensor-datatypes.mjs").OipDatatype} OipDatatype
 * @typedef {{ name: string, datatype: OipDatatype, shape: number[] }} TensorDescription
 * @typedef {{ inputs: TensorDescription[], outputs: TensorDescription[], labels?: string[] }} ModelMetadata
 * @typedef {{ session: import("onnxruntime-node").InferenceSession, metadata: ModelMetadata }} LoadedModel
 */

/** Labels files are small text files; larger ones are refused rather than read into memory. */
const MAX_LABELS_BYTES = 64 * 1024;

/** Raised for a file a person must fix; the message names the file and what is wrong. */
export class ModelFileError extends Error {}

/**
 * @param {readonly (number | string)[]} shape
 * @returns {number[]}
 */
function describeShape(shape) {
  return shape.map((d) => (typeof d === "number" && d >= 0 ? d : -1));
}

/**
 * @param {string} fileName
 * @param {import("onnxruntime-node").InferenceSession} session
 * @returns {ModelMetadata}
 */
function describeSession(fileName, session) {
  /** @type {string[]} */
  const problems = [];
  /** @type {TensorDescription[]} */
  const inputs = [];
  for (const input of session.inputMetadata) {
    if (!input.isTensor) {
      problems.push(`input "${input.name}" is not a tensor (a sequence or map); the built-in ONNX runtime takes tensor inputs only`);
      continue;
    }
    const datatype = oipDatatype(input.type);
    if (!datatype) {
      problems.push(`input "${input.name}" has element type ${input.type}, which JSON requests cannot carry`);
      continue;
    }
    inputs.push({ name: input.name, datatype, shape: describeShape(input.shape) });
  }
  // Outputs JSON cannot carry (maps, sequences, float16) are left out rather than failing the model.
  /** @type {TensorDescription[]} */
  const outputs = [];
  for (const output of session.outputMetadata) {
    const datatype = output.isTensor ? oipDatatype(output.type) : null;
    if (output.isTensor && datatype) outputs.push({ name: output.name, datatype, shape: describeShape(output.shape) });
  }
  if (outputs.length === 0) problems.push("it has no tensor output of a type JSON can carry");
  if (problems.length > 0) throw new ModelFileError(`${fileName} cannot be served: ${problems.join("; ")}.`);
  return { inputs, outputs };
}

/**
 * Reads a labels file: one label per line, in the order of the model's output classes.
 * @param {string} file
 * @returns {Promise<string[]>}
 */
export async function readLabels(file) {
  const fileName = path.basename(file);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new ModelFileError(`${fileName} (the labels file) was not found.`);
  if (info.size > MAX_LABELS_BYTES) throw new ModelFileError(`${fileName} (the labels file) is larger than ${MAX_LABELS_BYTES} bytes.`);
  const labels = (await readFile(file, "utf8")).split(/\r?\n/).map((line) => line.trim());
  while (labels.length > 0 && labels[labels.length - 1] === "") labels.pop();
  if (labels.length === 0) throw new ModelFileError(`${fileName} (the labels file) has no labels; write one label per line.`);
  return labels;
}

/**
 * @param {string} file the .onnx file
 * @param {{ labelsFile?: string }} [options]
 * @returns {Promise<LoadedModel>}
 */
export async function loadModel(file, options = {}) {
  const fileName = path.basename(file);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new ModelFileError(`${fileName} was not found.`);
  /** @type {import("onnxruntime-node").InferenceSession} */
  let session;
  try {
    session = await ort.InferenceSession.create(file, { executionProviders: ["cpu"], logSeverityLevel: 3 });
  } catch (error) {
    // ONNX Runtime names the full path; the reason names the file only, as the person uploaded it.
    const reason = (error instanceof Error ? error.message.split("\n")[0] : String(error)).replaceAll(file, fileName);
    throw new ModelFileError(`${fileName} is not a valid ONNX model: ${reason}`);
  }
  try {
    const metadata = describeSession(fileName, session);
    if (options.labelsFile) metadata.labels = await readLabels(options.labelsFile);
    return { session, metadata };
  } catch (error) {
    await session.release();
    throw error;
  }
}
