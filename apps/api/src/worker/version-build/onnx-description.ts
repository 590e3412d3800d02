// The built-in ONNX runtime (runtimes/onnx) describes a model from its own metadata; the build
// stores that description and derives an example request from it, so the console's prediction
// panel and usage guide work for any uploaded model.
import type { ExampleRequest, ModelMetadata } from "@rts/contracts";
import { describeModel, exampleInferRequest, ModelFileError } from "@rts/runtimes/onnx/describe-model";
import { BuildRefusal } from "./build-refusal.ts";

/** The built-in runtime's server, relative to the checkout (and to /app in the runtime image). */
export const ONNX_SERVER_ENTRY = "runtimes/onnx/server.mjs";

export interface OnnxDescription {
  metadata: ModelMetadata;
  exampleRequest: ExampleRequest;
}

/** `shownAs` is the model's name in the upload, for the reason of a Failed version. */
export async function describeOnnxModel(file: string, shownAs: string, labelsFile: string | undefined): Promise<OnnxDescription> {
  let metadata: ModelMetadata;
  try {
    metadata = await describeModel(file, labelsFile ? { labelsFile } : {});
  } catch (error) {
    if (!(error instanceof ModelFileError)) throw error;
    throw new BuildRefusal(`${shownAs} is not a valid ONNX model: ${error.message}`);
  }
  return { metadata, exampleRequest: exampleInferRequest(metadata) };
}
