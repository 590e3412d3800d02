// The "Add version" form's model: one form for the three sources, checked by the shared schemas
// the API uses (UploadVersionFieldsSchema for uploads, ContainerImageVersionRequestSchema for
// images), so a field is refused here with the API's words (R15). The file itself is checked
// against the shared limits and extensions before a byte is sent.
import { zodResolver } from "@hookform/resolvers/zod";
import {
  ContainerImageVersionRequestSchema,
  MODEL_FILE_EXTENSION,
  MODEL_PACKAGE_EXTENSIONS,
  MODEL_UPLOAD_LIMITS,
  UploadVersionFieldsSchema,
  type ContainerImageVersionRequest,
  type InferenceProtocol,
} from "@rts/contracts";
import type { FieldErrors, Resolver } from "react-hook-form";
import { z } from "zod";
import { formatBytes } from "../../lib/format-bytes.ts";

export type VersionSourceChoice = "model_package" | "model_file" | "container_image";

export interface AddVersionFormValues {
  source: VersionSourceChoice;
  version: string;
  file: FileList | undefined;
  image: string;
  port: number;
  healthPath: string;
  protocol: InferenceProtocol;
  websocket: boolean;
  websocketOnly: boolean;
}

export const ADD_VERSION_FIELDS = ["version", "file", "image", "port", "healthPath", "protocol", "websocket", "websocketOnly"] as const;

export const DEFAULT_ADD_VERSION_VALUES: AddVersionFormValues = {
  source: "model_package",
  version: "1.0.0",
  file: undefined,
  image: "",
  port: 8080,
  healthPath: "/health",
  protocol: "rts-json",
  websocket: false,
  websocketOnly: false,
};

/** What the file input accepts for each upload source. */
export const ACCEPTED_FILES: Record<Exclude<VersionSourceChoice, "container_image">, string> = {
  model_package: MODEL_PACKAGE_EXTENSIONS.join(","),
  model_file: MODEL_FILE_EXTENSION,
};

/** Why a chosen file cannot be uploaded as this source, or null. */
export function fileProblem(source: Exclude<VersionSourceChoice, "container_image">, file: File): string | null {
  const name = file.name.toLowerCase();
  if (source === "model_package" && !MODEL_PACKAGE_EXTENSIONS.some((extension) => name.endsWith(extension))) {
    return `${file.name}: a model package must be a .tar.gz, .tgz or .zip archive. For a single .onnx file choose "Model file (ONNX)".`;
  }
  if (source === "model_file" && !name.endsWith(MODEL_FILE_EXTENSION)) {
    return `${file.name}: a model file must be an .onnx file. For an archive choose "Model package".`;
  }
  if (file.size === 0) return `${file.name} is empty. Choose the model's file.`;
  if (file.size > MODEL_UPLOAD_LIMITS.maxUploadBytes) {
    return `${file.name} is ${formatBytes(file.size)}; the largest upload is ${formatBytes(MODEL_UPLOAD_LIMITS.maxUploadBytes)}.`;
  }
  return null;
}

function uploadSchema(source: Exclude<VersionSourceChoice, "container_image">) {
  return UploadVersionFieldsSchema.extend({
    file: z
      .unknown()
      .pipe(z.instanceof(File, { error: "Choose a file to upload." }))
      .superRefine((file, ctx) => {
      const problem = fileProblem(source, file);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  });
}

/** The container-image request the form's values make (before the schema's defaults). */
export function imageRequestOf(values: AddVersionFormValues): z.input<typeof ContainerImageVersionRequestSchema> {
  const { version, image, port, healthPath, protocol, websocket, websocketOnly } = values;
  return { version: version.trim(), image: image.trim(), port, healthPath: healthPath.trim(), protocol, websocket, websocketOnly };
}

export function parseImageRequest(values: AddVersionFormValues): ContainerImageVersionRequest {
  return ContainerImageVersionRequestSchema.parse(imageRequestOf(values));
}

/** Checks the fields of the chosen source only; the others keep what was typed, unchecked. */
export const addVersionResolver: Resolver<AddVersionFormValues> = async (values, context, options) => {
  const result =
    values.source === "container_image"
      ? await zodResolver(ContainerImageVersionRequestSchema)(imageRequestOf(values), context, options as never)
      : await zodResolver(uploadSchema(values.source))({ version: values.version.trim(), file: values.file?.[0] }, context, options as never);
  const errors = result.errors as FieldErrors<AddVersionFormValues>;
  return Object.keys(errors).length > 0 ? { values: {}, errors } : { values, errors: {} };
};
