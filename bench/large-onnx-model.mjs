// @ts-check
/**
 * A real ONNX model of a chosen size for the upload benchmark: one MatMul whose FP32 weight
 * matrix makes up nearly all of the file, written with the samples' own ONNX writer (no download).
 * The weights come from a fixed-seed generator, so the bytes are the same on every run and do not
 * compress to nothing on the way.
 */
import { encodeModel, ELEMENT_TYPES, node, tensorValue } from "../sample-apps/onnx-model-writer.mjs";

export const LARGE_MODEL_INPUTS = 256;

/**
 * @param {number} approxBytes size of the weight matrix, rounded down to whole output columns
 * @returns {{ bytes: Uint8Array, inputs: number, outputs: number }}
 */
export function largeMatMulModel(approxBytes) {
  const outputs = Math.max(1, Math.floor(approxBytes / 4 / LARGE_MODEL_INPUTS));
  const weights = new Float32Array(LARGE_MODEL_INPUTS * outputs);
  let seed = 20261128;
  for (let i = 0; i < weights.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    weights[i] = seed / 2 ** 32 - 0.5;
  }
  const bytes = encodeModel({
    name: "bench-large-matmul",
    docString: "Benchmark model: y = x · W with a large FP32 W.",
    inputs: [tensorValue("x", "float32", ["batch", LARGE_MODEL_INPUTS])],
    outputs: [tensorValue("y", "float32", ["batch", outputs])],
    // raw_data (little-endian, as ONNX stores it) instead of a float list of millions of numbers.
    initializers: [
      /** @type {any} */ ({ name: "W", dims: [LARGE_MODEL_INPUTS, outputs], dataType: ELEMENT_TYPES.float32, rawData: new Uint8Array(weights.buffer) }),
    ],
    nodes: [node("MatMul", ["x", "W"], ["y"])],
  });
  return { bytes, inputs: LARGE_MODEL_INPUTS, outputs };
}
