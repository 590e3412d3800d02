// The built-in ONNX runtime (runtimes/onnx) describes a model from its own metadata; the build
// stores that description and derives an example request from it, so the console's prediction
// panel and usage guide work for any uploaded model.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ExampleRequest, ModelMetadata } from "@rts/contracts";
import { repoRoot } from "@rts/db";
import { BuildRefusal } from "./build-refusal.ts";

/** The built-in runtime's server, relative to the checkout (and to /app in the runtime image). */
export const ONNX_SERVER_ENTRY = "runtimes/onnx/server.mjs";
const DESCRIBE_MODULE = path.join(repoRoot, "runtimes", "onnx", "describe-model.mjs");

interface DescribeModule {
  ModelFileError: new (...args: never[]) => Error;
  describeModel(file: string, options?: { labelsFile?: string }): Promise<ModelMetadata>;
  exampleInferRequest(metadata: ModelMetadata): ExampleRequest;
}

export interface OnnxDescription {
  metadata: ModelMetadata;
  exampleRequest: ExampleRequest;
}

/** `shownAs` is the model's name in the upload, for the reason of a Failed version. */
export async function describeOnnxModel(file: string, shownAs: string, labelsFile: string | undefined): Promise<OnnxDescription> {
  const runtime = (await import(pathToFileURL(DESCRIBE_MODULE).href)) as DescribeModule;
  let metadata: ModelMetadata;
  try {
    metadata = await runtime.describeModel(file, labelsFile ? { labelsFile } : {});
  } catch (error) {
    if (!(error instanceof runtime.ModelFileError)) throw error;
    throw new BuildRefusal(`${shownAs} is not a valid ONNX model: ${error.message}`);
  }
  return { metadata, exampleRequest: runtime.exampleInferRequest(metadata) };
}
