import { z } from "zod";
import { ExampleRequestSchema, InputSchemaSchema } from "./inference-examples.ts";
import { NAME_MAX_LENGTH, NAME_PATTERN } from "./rules/r02-name.ts";

// Bringing one's own model: an application is created, then versions are added from a model
// package (an archive with a manifest), a single ONNX file for the built-in runtime, or a container
// image. A new version is Building until the worker has checked, unpacked and built it; then it is
// Normal (deployable, R5) or Failed with a reason. The API, the worker's build and the console all
// validate with these schemas, so a field is refused with the same words everywhere (R15).

/** Who serves a version: the built-in ONNX runtime, the package's own server, or an image's own command. */
export const MODEL_RUNTIMES = ["onnx", "custom", "image"] as const;
export const ModelRuntimeSchema = z
  .enum(MODEL_RUNTIMES, { error: 'runtime must be "onnx" (the built-in ONNX runtime) or "custom" (the package\'s own server).' })
  .describe('"onnx": the built-in ONNX Runtime serves the model file; "custom": the package\'s own server; "image": a container image\'s command.');
export type ModelRuntime = z.infer<typeof ModelRuntimeSchema>;

/** How a version is called through the gateway. */
export const INFERENCE_PROTOCOLS = ["rts-json", "oip-v2"] as const;
export const InferenceProtocolSchema = z
  .enum(INFERENCE_PROTOCOLS, { error: 'protocol must be "rts-json" (POST /predict with JSON) or "oip-v2" (Open Inference Protocol v2).' })
  .describe('"rts-json": the platform\'s JSON contract (POST /predict); "oip-v2": the Open Inference Protocol v2 REST API (/v2/models/{name}/infer).');
export type InferenceProtocol = z.infer<typeof InferenceProtocolSchema>;

export const APP_VERSION_SOURCES = ["container_image", "model_package", "model_file"] as const;

/** Upload limits. The API stops reading past MAX_UPLOAD_BYTES; the build stops unpacking past the others. */
export const MODEL_UPLOAD_LIMITS = {
  /** Largest upload (archive or .onnx file). */
  maxUploadBytes: 512 * 1024 * 1024,
  /** Largest total size an archive may unpack to (archive bombs stop here). */
  maxUnpackedBytes: 2 * 1024 * 1024 * 1024,
  /** Most entries an archive may hold. */
  maxEntries: 10_000,
  /** Largest manifest and labels files. */
  maxManifestBytes: 64 * 1024,
} as const;

/** The manifest's file name, at the root of a model package. */
export const MODEL_PACKAGE_MANIFEST = "rts-model.json";
export const MODEL_PACKAGE_EXTENSIONS = [".tar.gz", ".tgz", ".zip"] as const;
export const MODEL_FILE_EXTENSION = ".onnx";

const VERSION_LABEL_PATTERN = /^\d{1,6}\.\d{1,6}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,32})?$/;
export const VERSION_LABEL_MESSAGE = 'Version must look like "1.0.0" (major.minor.patch, optionally "-beta.1").';

export const VersionLabelSchema = z
  .string({ error: "Enter a version, e.g. 1.0.0." })
  .min(1, { error: "Enter a version, e.g. 1.0.0.", abort: true })
  .regex(VERSION_LABEL_PATTERN, { error: VERSION_LABEL_MESSAGE })
  .describe('Version label, major.minor.patch (e.g. "1.0.0"); unique within the application.');

/** A path inside a package: relative, forward slashes, no "..", no leading "/". */
const packagePath = (what: string) =>
  z
    .string({ error: `${what} must be a file path inside the package.` })
    .min(1, { error: `${what} must be a file path inside the package.`, abort: true })
    .max(256, { error: `${what} must be at most 256 characters.`, abort: true })
    .refine((p) => !p.startsWith("/") && !p.includes("\\") && !p.split("/").some((part) => part === ".." || part === ""), {
      error: `${what} must be a relative path inside the package (no leading "/", no "..").`,
    });

export const HealthPathSchema = z
  .string({ error: 'healthPath must be a path such as "/health".' })
  .regex(/^\/[A-Za-z0-9._~\/-]{0,127}$/, { error: 'healthPath must be a path such as "/health" (a "/", then letters, digits, ".", "_", "~", "/" or "-").' })
  .describe("The path that answers 200 once the model is ready.");

const flags = {
  websocket: z.boolean({ error: "websocket must be true or false." }).default(false).describe("Whether the server accepts WebSocket connections."),
  websocketOnly: z
    .boolean({ error: "websocketOnly must be true or false." })
    .default(false)
    .describe("Whether the server speaks only WebSocket (plain HTTP calls get 426); only WebSocket services may run it (R10)."),
  exampleRequest: ExampleRequestSchema.optional(),
  inputSchema: InputSchemaSchema.optional(),
};

/**
 * `rts-model.json` at the root of a model package. A custom package names the file its server
 * starts from (run with the platform's Node.js, per the model-server contract); an ONNX package
 * names its model file and optionally a labels file (one label per line, in output order).
 */
export const ModelPackageManifestSchema = z
  .strictObject({
    runtime: ModelRuntimeSchema.exclude(["image"], {
      error: 'runtime must be "onnx" (the built-in ONNX runtime) or "custom" (the package\'s own server).',
    }),
    entry: packagePath("entry").optional().describe('custom: the server\'s start file, e.g. "server.mjs".'),
    args: z.array(z.string().max(256), { error: "args must be a list of strings." }).max(32).default([]).describe("custom: arguments after the entry file."),
    model: packagePath("model").optional().describe('onnx: the model file, e.g. "model.onnx".'),
    labels: packagePath("labels").optional().describe("onnx: a text file with one class label per line, in output order."),
    protocol: InferenceProtocolSchema.optional().describe('Defaults to "oip-v2" for onnx and "rts-json" for custom.'),
    healthPath: HealthPathSchema.default("/health"),
    ...flags,
  })
  .superRefine((manifest, ctx) => {
    if (manifest.runtime === "custom" && !manifest.entry) {
      ctx.addIssue({ code: "custom", path: ["entry"], message: 'A custom package must name its server\'s start file in "entry", e.g. "server.mjs".' });
    }
    if (manifest.runtime === "onnx" && !manifest.model) {
      ctx.addIssue({ code: "custom", path: ["model"], message: 'An onnx package must name its model file in "model", e.g. "model.onnx".' });
    }
    if (manifest.websocketOnly && !manifest.websocket) {
      ctx.addIssue({ code: "custom", path: ["websocketOnly"], message: "websocketOnly needs websocket: true." });
    }
    if (manifest.runtime === "onnx" && manifest.websocket) {
      ctx.addIssue({ code: "custom", path: ["websocket"], message: "The built-in ONNX runtime answers HTTP only; set websocket to false." });
    }
  })
  .describe(`The manifest of a model package (${MODEL_PACKAGE_MANIFEST} at the package's root).`);
export type ModelPackageManifest = z.output<typeof ModelPackageManifestSchema>;

export const APPLICATION_DESCRIPTION_MAX_LENGTH = 256;

export const CreateAiApplicationRequestSchema = z
  .strictObject({
    name: z
      .string({ error: "Enter a name for the AI application." })
      .min(1, { error: "Enter a name for the AI application.", abort: true })
      .max(NAME_MAX_LENGTH, { error: `Name must be at most ${NAME_MAX_LENGTH} characters.`, abort: true })
      .regex(NAME_PATTERN, { error: "Name must start with a letter and contain only letters, digits, hyphens (-) and underscores (_)." })
      .describe("Application name: a letter, then letters, digits, - or _ (1-64); unique among yours."),
    description: z
      .string({ error: "Description must be text." })
      .max(APPLICATION_DESCRIPTION_MAX_LENGTH, { error: `Description must be at most ${APPLICATION_DESCRIPTION_MAX_LENGTH} characters.` })
      .default(""),
  })
  .describe("Create an AI application; versions are added to it afterwards.");
export type CreateAiApplicationRequest = z.output<typeof CreateAiApplicationRequestSchema>;

/** Register a container image the runtime can run (a local image here) as a new version. */
export const ContainerImageVersionRequestSchema = z
  .strictObject({
    version: VersionLabelSchema,
    image: z
      .string({ error: 'Enter an image reference, e.g. "localhost/my-model:1.0".' })
      .min(1, { error: 'Enter an image reference, e.g. "localhost/my-model:1.0".', abort: true })
      .max(255, { error: "image must be at most 255 characters.", abort: true })
      .regex(/^[a-z0-9]([a-z0-9._\/:@-]*[a-z0-9])?$/, { error: 'image must be an image reference such as "localhost/my-model:1.0" (lower-case letters, digits, ".", "_", "-", "/", ":" and "@").' })
      .describe("An image the container runtime has; the version records its id, so retagging does not change it."),
    port: z
      .int({ error: "port must be a whole number from 1 to 65535." })
      .min(1, { error: "port must be a whole number from 1 to 65535." })
      .max(65535, { error: "port must be a whole number from 1 to 65535." })
      .default(8080)
      .describe("The port the image's server listens on (PORT is also set to it)."),
    healthPath: HealthPathSchema.default("/health"),
    protocol: InferenceProtocolSchema.default("rts-json"),
    ...flags,
  })
  .superRefine((request, ctx) => {
    if (request.websocketOnly && !request.websocket) {
      ctx.addIssue({ code: "custom", path: ["websocketOnly"], message: "websocketOnly needs websocket: true." });
    }
  })
  .describe("Add a version from a container image.");
export type ContainerImageVersionRequest = z.output<typeof ContainerImageVersionRequestSchema>;

/** The form fields sent with an uploaded package or ONNX file (multipart/form-data, before the file). */
export const UploadVersionFieldsSchema = z
  .strictObject({
    version: VersionLabelSchema,
  })
  .describe("Fields of a version upload; the file part is named `file`.");
export type UploadVersionFields = z.output<typeof UploadVersionFieldsSchema>;

export const TensorDescriptionSchema = z
  .object({
    name: z.string(),
    datatype: z.string().describe('OIP datatype, e.g. "FP32", "INT64", "BYTES".'),
    shape: z.array(z.int()).describe("Dimensions; -1 where the model accepts any size (e.g. the batch)."),
  })
  .describe("One input or output tensor of a model.");
export type TensorDescription = z.infer<typeof TensorDescriptionSchema>;

export const ModelMetadataSchema = z
  .object({
    inputs: z.array(TensorDescriptionSchema),
    outputs: z.array(TensorDescriptionSchema),
    labels: z.array(z.string()).optional().describe("Class labels, in output order, where the version has them."),
  })
  .describe("The model's own description of its inputs and outputs (read from the ONNX file).");
export type ModelMetadata = z.infer<typeof ModelMetadataSchema>;

export const VersionEventSchema = z
  .object({
    at: z.string().describe("When (ISO 8601)."),
    type: z.string().describe("received | checking | unpacked | image-built | normal | failed"),
    message: z.string(),
  })
  .describe("One step of a version's build.");
export type VersionEvent = z.infer<typeof VersionEventSchema>;

export const VersionArtifactSchema = z
  .object({
    fileName: z.string().describe("The uploaded file's name."),
    bytes: z.int().min(0),
    sha256: z.string().describe("SHA-256 of the uploaded bytes, hex."),
  })
  .describe("The uploaded file a version was built from.");
export type VersionArtifact = z.infer<typeof VersionArtifactSchema>;

/** The new fields an AI application version carries beyond AppVersion (see api-schemas.ts). */
export const versionBuildFields = {
  runtime: ModelRuntimeSchema,
  protocol: InferenceProtocolSchema,
  healthPath: z.string().describe("The path that answers 200 once the model is ready."),
  stateReason: z.string().nullable().describe("Why the version is Failed (which file, what was wrong), or what its build is doing."),
  artifact: VersionArtifactSchema.nullable(),
  modelMetadata: ModelMetadataSchema.nullable(),
  createdAt: z.string().describe("When the version was added (ISO 8601)."),
  builtAt: z.string().nullable().describe("When its build finished (ISO 8601)."),
};
