// Types of describe-model.mjs for TypeScript callers (the version build in apps/api), which do not
// check JavaScript. The shapes are those of ModelMetadataSchema in packages/contracts.

export interface TensorDescription {
  name: string;
  datatype: "FP32" | "FP64" | "INT8" | "INT16" | "INT32" | "INT64" | "UINT8" | "UINT16" | "UINT32" | "UINT64" | "BOOL" | "BYTES";
  shape: number[];
}

export interface ModelMetadata {
  inputs: TensorDescription[];
  outputs: TensorDescription[];
  labels?: string[];
}

/** A model file a person must fix; the message names the file and what is wrong. */
export class ModelFileError extends Error {}

/** Loads the model once and reads its inputs and outputs; rejects with ModelFileError. */
export function describeModel(file: string, options?: { labelsFile?: string }): Promise<ModelMetadata>;

/** An Open Inference Protocol infer request with batch 1: zeros, or the given row-major values per input. */
export function exampleInferRequest(
  metadata: { inputs: ReadonlyArray<{ name: string; datatype: string; shape: readonly number[] }> },
  values?: Record<string, unknown[]>,
): { inputs: Array<{ name: string; shape: number[]; datatype: string; data: unknown[] }> };
