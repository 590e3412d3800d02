// @ts-check
/**
 * Describes an ONNX model file for a version's build: its inputs and outputs (ModelMetadata of
 * packages/contracts), and an Open Inference Protocol request that the model answers.
 *
 *   node runtimes/onnx/describe-model.mjs model.onnx [--labels labels.txt]
 * prints {"inputs": [...], "outputs": [...], "labels"?: [...], "exampleRequest": {...}}, or the
 * reason the file cannot be served on stderr with exit code 1.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ModelFileError, loadModel } from "./model-session.mjs";

export { ModelFileError };

/**
 * @typedef {import("./model-session.mjs").ModelMetadata} ModelMetadata
 * @typedef {import("./model-session.mjs").TensorDescription} TensorDescription
 */

/**
 * Loads the model once to read its metadata; throws ModelFileError naming the file and the problem.
 * @param {string} file
 * @param {{ labelsFile?: string }} [options]
 * @returns {Promise<ModelMetadata>}
 */
export async function describeModel(file, options = {}) {
  const { session, metadata } = await loadModel(file, options);
  await session.release();
  return metadata;
}

/**
 * An OIP infer request with batch 1 (every dynamic dimension 1): zeros, or the given row-major
 * values for an input.
 * @param {{ inputs: ReadonlyArray<{ name: string, datatype: string, shape: readonly number[] }> }} metadata
 * @param {Record<string, unknown[]>} [values]
 */
export function exampleInferRequest(metadata, values = {}) {
  return {
    inputs: metadata.inputs.map((input) => {
      const shape = input.shape.map((d) => (d < 0 ? 1 : d));
      const count = shape.reduce((n, d) => n * d, 1);
      const zero = input.datatype === "BYTES" ? "" : input.datatype === "BOOL" ? false : 0;
      return { name: input.name, shape, datatype: input.datatype, data: values[input.name] ?? new Array(count).fill(zero) };
    }),
  };
}

async function main() {
  const args = process.argv.slice(2);
  const labelsAt = args.indexOf("--labels");
  const labelsFile = labelsAt >= 0 ? args[labelsAt + 1] : undefined;
  const file = args.find((arg, i) => !arg.startsWith("--") && (labelsAt < 0 || i !== labelsAt + 1));
  if (!file || (labelsAt >= 0 && !labelsFile)) {
    process.stderr.write("usage: node runtimes/onnx/describe-model.mjs <model.onnx> [--labels <labels.txt>]\n");
    process.exit(2);
  }
  try {
    const metadata = await describeModel(path.resolve(file), labelsFile ? { labelsFile: path.resolve(labelsFile) } : {});
    process.stdout.write(`${JSON.stringify({ ...metadata, exampleRequest: exampleInferRequest(metadata) }, null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
