// Add a version: choose the source (model package, ONNX model file, container image), fill in what
// it needs, and submit. Uploads show their progress and can be cancelled; every problem the shared
// schemas or the server find is shown next to its field, all at once (R15).
import {
  INFERENCE_PROTOCOLS,
  MODEL_PACKAGE_MANIFEST,
  MODEL_UPLOAD_LIMITS,
  type AiApplication,
  type AiApplicationVersion,
} from "@rts/contracts";
import { useRef, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useAddImageVersion, useUploadAiApplicationVersion, type UploadProgress as Progress } from "../../../api/ai-applications/ai-applications.ts";
import { Button } from "../../../components/ui/button/button.tsx";
import { CheckboxField } from "../../../components/ui/checkbox-field/checkbox-field.tsx";
import { FormAlert } from "../../../components/ui/form-alert/form-alert.tsx";
import { RadioGroupField } from "../../../components/ui/radio-group-field/radio-group-field.tsx";
import { TextField } from "../../../components/ui/text-field/text-field.tsx";
import { formatBytes } from "../../../lib/format-bytes.ts";
import {
  ACCEPTED_FILES,
  ADD_VERSION_FIELDS,
  addVersionResolver,
  DEFAULT_ADD_VERSION_VALUES,
  parseImageRequest,
  type AddVersionFormValues,
} from "../add-version-form.ts";
import { placeServerErrors } from "../server-errors.ts";
import { UploadProgress } from "./upload-progress.tsx";

const MAX_UPLOAD = formatBytes(MODEL_UPLOAD_LIMITS.maxUploadBytes);

const SOURCE_OPTIONS = [
  {
    value: "model_package",
    label: "Model package",
    detail: `A .tar.gz, .tgz or .zip archive with ${MODEL_PACKAGE_MANIFEST} at its root naming the runtime (built-in "onnx" or the package's own "custom" server), the protocol, the health path, WebSocket support and an example request.`,
  },
  {
    value: "model_file",
    label: "Model file (ONNX)",
    detail: "A single .onnx file. The built-in ONNX Runtime serves it over the Open Inference Protocol v2; its inputs and outputs are read from the model.",
  },
  {
    value: "container_image",
    label: "Container image",
    detail: "An image the container runtime already has (e.g. localhost/my-model:1.0), the port its server listens on, its health path and protocol.",
  },
] as const;

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

export function AddVersionForm({
  application,
  onAdded,
  onCancel,
}: {
  application: Pick<AiApplication, "id" | "name">;
  onAdded: (version: AiApplicationVersion) => void;
  onCancel: () => void;
}) {
  const upload = useUploadAiApplicationVersion();
  const addImage = useAddImageVersion();
  const [formError, setFormError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [progress, setProgress] = useState<{ fileName: string; progress: Progress } | null>(null);
  const uploadAbort = useRef<AbortController | null>(null);
  const form = useForm<AddVersionFormValues>({ resolver: addVersionResolver, defaultValues: DEFAULT_ADD_VERSION_VALUES });
  const { errors, isSubmitting } = form.formState;
  const source = useWatch({ control: form.control, name: "source" });
  const websocket = useWatch({ control: form.control, name: "websocket" });

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    setCancelled(false);
    try {
      if (values.source === "container_image") {
        onAdded(await addImage.mutateAsync({ applicationId: application.id, request: parseImageRequest(values) }));
        return;
      }
      const file = values.file?.[0];
      if (!file) return;
      const controller = new AbortController();
      uploadAbort.current = controller;
      setProgress({ fileName: file.name, progress: { sentBytes: 0, totalBytes: file.size } });
      const version = await upload.mutateAsync({
        applicationId: application.id,
        version: values.version.trim(),
        file,
        signal: controller.signal,
        onProgress: (p) => setProgress({ fileName: file.name, progress: p }),
      });
      onAdded(version);
    } catch (error) {
      if (isAbort(error)) {
        setCancelled(true);
        return;
      }
      const placed = placeServerErrors(error, ADD_VERSION_FIELDS, "file");
      let focus = true;
      for (const field of ADD_VERSION_FIELDS) {
        const message = placed.fields[field];
        if (!message) continue;
        form.setError(field, { type: "server", message }, { shouldFocus: focus });
        focus = false;
      }
      setFormError(placed.form);
    } finally {
      uploadAbort.current = null;
      setProgress(null);
    }
  });

  const uploading = progress !== null;
  return (
    <form className="panel form-stack add-version-form" onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby="add-version-title">
      <h2 id="add-version-title">New version of {application.name}</h2>
      <RadioGroupField
        legend="Source"
        name="source"
        options={SOURCE_OPTIONS}
        onChange={() => form.setValue("file", undefined)}
        inputProps={{ ...form.register("source"), disabled: isSubmitting }}
        hint={
          <>
            What the version is made from. The manifest, the model-server contract and curl examples are in the README's "Bring your own model" section and the{" "}
            <a href="/api/docs" target="_blank" rel="noreferrer">
              API reference
            </a>
            .
          </>
        }
      />
      <TextField label="Version" autoComplete="off" hint='major.minor.patch, e.g. "1.0.0"; unique within the application.' error={errors.version?.message} disabled={isSubmitting} {...form.register("version")} />
      {source === "container_image" ? (
        <>
          <TextField label="Image" autoComplete="off" hint="A local image reference, e.g. localhost/my-model:1.0." error={errors.image?.message} disabled={isSubmitting} {...form.register("image")} />
          <div className="form-row">
            <TextField
              label="Port"
              type="number"
              inputMode="numeric"
              min={1}
              max={65535}
              step={1}
              error={errors.port?.message}
              disabled={isSubmitting}
              style={{ width: "7rem" }}
              {...form.register("port", { valueAsNumber: true })}
            />
            <TextField label="Health path" autoComplete="off" hint="Answers 200 once the model is ready." error={errors.healthPath?.message} disabled={isSubmitting} {...form.register("healthPath")} />
          </div>
          <RadioGroupField
            legend="Protocol"
            name="protocol"
            layout="row"
            options={INFERENCE_PROTOCOLS.map((protocol) => ({
              value: protocol,
              label: protocol === "rts-json" ? "Platform JSON (POST /predict)" : "Open Inference Protocol v2",
            }))}
            inputProps={{ ...form.register("protocol"), disabled: isSubmitting }}
            error={errors.protocol?.message}
          />
          <CheckboxField label="WebSocket" hint="The server accepts WebSocket connections." error={errors.websocket?.message} disabled={isSubmitting} {...form.register("websocket")} />
          <CheckboxField
            label="WebSocket only"
            hint="Plain HTTP calls get 426; only WebSocket services can run it."
            error={errors.websocketOnly?.message}
            disabledReason={websocket ? null : "Turn on WebSocket first."}
            disabled={isSubmitting}
            {...form.register("websocketOnly")}
          />
        </>
      ) : (
        <>
          <TextField
            key={source}
            label={source === "model_file" ? "Model file (.onnx)" : "Model package (.tar.gz, .tgz or .zip)"}
            type="file"
            accept={ACCEPTED_FILES[source]}
            hint={`At most ${MAX_UPLOAD}.`}
            error={errors.file?.message}
            disabled={isSubmitting}
            {...form.register("file")}
          />
          {source === "model_package" ? (
            <details className="source-help">
              <summary>What goes in {MODEL_PACKAGE_MANIFEST}</summary>
              <pre className="break-anywhere" style={{ whiteSpace: "pre-wrap" }}>
                {`{ "runtime": "custom", "entry": "server.mjs", "protocol": "rts-json",\n  "healthPath": "/health", "websocket": false,\n  "exampleRequest": { "text": "hello" } }`}
              </pre>
              <p>For the built-in runtime: {`{ "runtime": "onnx", "model": "model.onnx", "labels": "labels.txt" }`}.</p>
            </details>
          ) : null}
        </>
      )}
      {progress ? <UploadProgress fileName={progress.fileName} progress={progress.progress} /> : null}
      {cancelled ? <FormAlert tone="warning">Upload cancelled. Nothing was added; submit again to retry.</FormAlert> : null}
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={isSubmitting}>
          {isSubmitting ? (uploading ? "Uploading…" : "Adding…") : "Add version"}
        </Button>
        {uploading ? (
          <Button onClick={() => uploadAbort.current?.abort()}>Cancel upload</Button>
        ) : (
          <Button onClick={onCancel} disabled={isSubmitting}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
