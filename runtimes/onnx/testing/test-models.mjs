// @ts-check
/**
 * Small ONNX models made in the tests: a classifier with labels, and a model with integer and
 * boolean tensors.
 */
import { encodeModel, initializer, node, tensorValue } from "../../../sample-apps/onnx-model-writer.mjs";

/** Scores three classes from two features: scores = x · W, W chosen so each class wins somewhere. */
export const CLASSIFIER_WEIGHTS = [
  [1, 0, -1],
  [0, 1, -1],
];

export function classifierModel() {
  return encodeModel({
    name: "test_classifier",
    inputs: [tensorValue("x", "float32", ["batch", 2])],
    outputs: [tensorValue("scores", "float32", ["batch", 3])],
    initializers: [initializer("weights", "float32", [2, 3], CLASSIFIER_WEIGHTS.flat())],
    nodes: [node("MatMul", ["x", "weights"], ["scores"])],
  });
}

/** "counts" INT64 [-1, 2] comes back as "doubled" (x 2); "flags" BOOL [-1] as "negated". */
export function typedModel() {
  return encodeModel({
    name: "test_typed",
    inputs: [tensorValue("counts", "int64", ["batch", 2]), tensorValue("flags", "bool", ["batch"])],
    outputs: [tensorValue("doubled", "int64", ["batch", 2]), tensorValue("negated", "bool", ["batch"])],
    initializers: [initializer("two", "int64", [1], [2])],
    nodes: [node("Mul", ["counts", "two"], ["doubled"]), node("Not", ["flags"], ["negated"])],
  });
}
