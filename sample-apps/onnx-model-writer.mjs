// @ts-check
/**
 * Writes small ONNX models from code with the ONNX protobuf definitions (onnx-proto), so the ONNX
 * samples and the runtime's tests are made here from data, never downloaded. The bytes depend only
 * on the arguments: regenerating a model gives the same file.
 */
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

/** ONNX element types by the names used here. */
export const ELEMENT_TYPES = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float64: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** @typedef {keyof typeof ELEMENT_TYPES} ElementType */

/**
 * A graph input or output. A string dimension is symbolic (any size, e.g. the batch).
 * @param {string} name
 * @param {ElementType} type
 * @param {Array<number | string>} shape
 */
export function tensorValue(name, type, shape) {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPES[type],
        shape: { dim: shape.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/**
 * A constant tensor (weights, indices) stored in the graph.
 * @param {string} name
 * @param {"float32" | "int64"} type
 * @param {number[]} dims
 * @param {number[]} values
 */
export function initializer(name, type, dims, values) {
  return type === "float32"
    ? { name, dims, dataType: ELEMENT_TYPES.float32, floatData: values.map((v) => Math.fround(v)) }
    : { name, dims, dataType: ELEMENT_TYPES.int64, int64Data: values };
}

/**
 * @param {string} opType
 * @param {string[]} input
 * @param {string[]} output
 * @param {Record<string, number>} [intAttributes]
 */
export function node(opType, input, output, intAttributes = {}) {
  return {
    opType,
    input,
    output,
    name: `${opType.toLowerCase()}_${output[0]}`,
    attribute: Object.entries(intAttributes).map(([name, i]) => ({ name, i, type: onnx.AttributeProto.AttributeType.INT })),
  };
}

/**
 * Encodes a model (IR version 8, default-domain opset 13).
 * @param {{
 *   name: string,
 *   docString?: string,
 *   inputs: ReturnType<typeof tensorValue>[],
 *   outputs: ReturnType<typeof tensorValue>[],
 *   initializers: ReturnType<typeof initializer>[],
 *   nodes: ReturnType<typeof node>[],
 *   metadata?: Record<string, string>,
 * }} graph
 * @returns {Uint8Array}
 */
export function encodeModel(graph) {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: "", version: 13 }],
    producerName: "rts-sample-apps",
    producerVersion: "1",
    docString: graph.docString ?? "",
    graph: {
      name: graph.name,
      input: graph.inputs,
      output: graph.outputs,
      initializer: graph.initializers,
      node: graph.nodes,
    },
    metadataProps: Object.entries(graph.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}
