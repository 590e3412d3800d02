// Bring-your-own-model fixtures: an application with an ONNX model file that built (Normal), a
// package still Building and one that Failed with the reason a person can act on, plus a
// container-image version, and the build events of each.
import type { AiApplication, AiApplicationVersion, VersionEvent } from "@rts/contracts";

const CREATED = "2026-11-27T09:00:00.000Z";

export function modelVersion(overrides: Partial<AiApplicationVersion> & Pick<AiApplicationVersion, "id" | "version">): AiApplicationVersion {
  return {
    applicationId: "app-iris",
    applicationName: "iris-classifier",
    state: "Normal",
    source: "model_file",
    websocket: false,
    websocketOnly: false,
    exampleRequest: null,
    inputSchema: null,
    runtime: "onnx",
    protocol: "oip-v2",
    healthPath: "/v2/health/ready",
    stateReason: null,
    artifact: { fileName: "iris.onnx", bytes: 1_258_291, sha256: "9f2c4e1b".padEnd(64, "0") },
    modelMetadata: {
      inputs: [{ name: "features", datatype: "FP32", shape: [-1, 4] }],
      outputs: [{ name: "probabilities", datatype: "FP32", shape: [-1, 3] }],
      labels: ["setosa", "versicolor", "virginica"],
    },
    createdAt: CREATED,
    builtAt: "2026-11-27T09:00:04.000Z",
    ...overrides,
  };
}

export const modelVersions = {
  normal: modelVersion({ id: "ver-iris-1", version: "1.0.0" }),
  building: modelVersion({
    id: "ver-iris-2",
    version: "1.1.0",
    state: "Building",
    source: "model_package",
    runtime: "custom",
    protocol: "rts-json",
    healthPath: "/health",
    stateReason: "Unpacking the package.",
    artifact: { fileName: "iris-1.1.0.tar.gz", bytes: 41_943_040, sha256: "1a2b3c4d".padEnd(64, "0") },
    modelMetadata: null,
    createdAt: "2026-11-27T09:10:00.000Z",
    builtAt: null,
  }),
  failed: modelVersion({
    id: "ver-iris-3",
    version: "1.2.0",
    state: "Failed",
    source: "model_package",
    runtime: "custom",
    protocol: "rts-json",
    healthPath: "/health",
    stateReason: 'rts-model.json: "entry" names server.mjs, which is not in the package. Add the file or correct "entry", then upload a new version.',
    artifact: { fileName: "iris-1.2.0.zip", bytes: 524_288, sha256: "5e6f7a8b".padEnd(64, "0") },
    modelMetadata: null,
    createdAt: "2026-11-27T09:20:00.000Z",
    builtAt: "2026-11-27T09:20:02.000Z",
  }),
  image: modelVersion({
    id: "ver-iris-4",
    version: "2.0.0",
    source: "container_image",
    runtime: "image",
    protocol: "rts-json",
    healthPath: "/health",
    artifact: null,
    modelMetadata: null,
    createdAt: "2026-11-27T09:30:00.000Z",
    builtAt: "2026-11-27T09:30:01.000Z",
  }),
};

export function modelApplication(versions: AiApplicationVersion[], overrides: Partial<AiApplication> = {}): AiApplication {
  return { id: "app-iris", name: "iris-classifier", description: "Iris species from four measurements (ONNX)", createdAt: CREATED, versions, ...overrides };
}

export const buildEvents: Record<string, VersionEvent[]> = {
  [modelVersions.normal.id]: [
    { at: "2026-11-27T09:00:00.500Z", type: "received", message: "Received iris.onnx (1.2 MB)." },
    { at: "2026-11-27T09:00:02.000Z", type: "checking", message: "Loaded the model: 1 input (features FP32 [-1, 4]), 1 output." },
    { at: "2026-11-27T09:00:04.000Z", type: "normal", message: "The version is ready to deploy." },
  ],
  [modelVersions.building.id]: [
    { at: "2026-11-27T09:10:00.500Z", type: "received", message: "Received iris-1.1.0.tar.gz (40.0 MB)." },
    { at: "2026-11-27T09:10:01.000Z", type: "checking", message: "Unpacking the package." },
  ],
  [modelVersions.failed.id]: [
    { at: "2026-11-27T09:20:00.500Z", type: "received", message: "Received iris-1.2.0.zip (512 KB)." },
    { at: "2026-11-27T09:20:02.000Z", type: "failed", message: modelVersions.failed.stateReason ?? "" },
  ],
};
