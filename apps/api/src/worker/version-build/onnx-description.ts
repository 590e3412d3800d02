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
  describeModel(file: string): Promise<Pick<ModelMetadata, "inputs" | "outputs">>;
  exampleInferRequest(metadata: Pick<ModelMetadata, "inputs" | "outputs">): ExampleRequest;
}

export interface OnnxDescription {
  metadata: ModelMetadata;
  exampleRequest: ExampleRequest;
}

/** `shownAs` is the file's name in the package, for the reason of a Failed version. */
export async function describeOnnxModel(file: string, shownAs: string, labels: string[] | undefined): Promise<OnnxDescription> {
  const runtime = (await import(pathToFileURL(DESCRIBE_MODULE).href)) as DescribeModule;
  let described: Pick<ModelMetadata, "inputs" | "outputs">;
  try {
    described = await runtime.describeModel(file);
  } catch (error) {
    throw new BuildRefusal(`${shownAs} is not a valid ONNX model: ${(error as Error).message}`);
  }
  const metadata: ModelMetadata = { inputs: described.inputs, outputs: described.outputs, ...(labels ? { labels } : {}) };
  return { metadata, exampleRequest: runtime.exampleInferRequest(metadata) };
}
