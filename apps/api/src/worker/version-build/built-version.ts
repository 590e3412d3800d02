import type { ExampleRequest, InferenceProtocol, InputSchema, ModelMetadata, ModelRuntime } from "@rts/contracts";
import type { ModelServerSpec } from "@rts/db";
import type { ArtifactStore } from "../../modules/model-artifacts/index.ts";
import type { TrialStarts } from "./trial-start.ts";
import type { VersionImageEngine } from "./version-image.ts";

/** A Building version as the build reads it. */
export interface VersionToBuild {
  id: string;
  version: string;
  source: "container_image" | "model_package" | "model_file";
  applicationName: string;
  ownerId: string;
  artifact: unknown;
  modelServer: unknown;
  protocol: string;
  healthPath: string;
  websocket: boolean;
  websocketOnly: boolean;
}

/** What a finished build writes on the version before it turns Normal. */
export interface BuiltVersion {
  runtime: ModelRuntime;
  protocol: InferenceProtocol;
  healthPath: string;
  websocket: boolean;
  websocketOnly: boolean;
  modelServer: ModelServerSpec;
  exampleRequest?: ExampleRequest;
  inputSchema?: InputSchema;
  modelMetadata?: ModelMetadata;
  /** The "normal" event's message. */
  summary: string;
}

export interface BuildContext {
  trials: TrialStarts;
  engine?: VersionImageEngine;
  dataDir: string;
  artifacts: ArtifactStore;
  readyWithinMs: number;
  note(type: "unpacked" | "image-built" | "checking", message: string): Promise<void>;
}
