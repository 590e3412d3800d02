// The built-in ONNX runtime (runtimes/onnx) describes a model from its own metadata; the build
// stores that description and derives an example request from it, so the console's prediction
// panel and usage guide work for any uploaded model.
import path from "node:path";
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
    // The runtime names the file as stored in the version folder; people know it by its upload name.
    const stored = path.basename(file);
    throw new BuildRefusal(error.message.startsWith(stored) ? `${shownAs}${error.message.slice(stored.length)}` : error.message);
  }
  return { metadata, exampleRequest: exampleInferRequest(metadata) };
}
