import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import multipart from "@fastify/multipart";
import {
  AiApplicationVersionSchema,
  formatByteSize,
  issue,
  MODEL_FILE_EXTENSION,
  MODEL_PACKAGE_EXTENSIONS,
  MODEL_UPLOAD_LIMITS,
  ProblemSchema,
  type RuleIssue,
  UploadVersionFieldsSchema,
} from "@rts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { toAiApplicationVersion } from "../../../../modules/catalogue/catalogue-mappers.ts";
import { uploadKind, type UploadKind } from "../../../../modules/model-versions/upload-kind.ts";
import { isUniqueViolation } from "../../../../modules/model-versions/unique-violation.ts";
import { receiveUpload, UploadTooLargeError, type StoredArtifact } from "../../../../modules/model-artifacts/index.ts";
import { artifactKey } from "../../../../modules/model-versions/artifact-keys.ts";
import { recordVersionEvent } from "../../../../modules/model-versions/version-events.ts";
import { versionLabelTaken } from "../../../../modules/model-versions/version-labels.ts";
import { authenticatedUser } from "../../../../plugins/auth.ts";
import { HttpProblem } from "../../../../plugins/http-problem.ts";
import { problemResponses } from "../problem-responses.ts";


const ACCEPTED = [...MODEL_PACKAGE_EXTENSIONS, MODEL_FILE_EXTENSION].join(", ");
const applicationParams = z.object({ applicationId: z.uuid({ error: "applicationId must be an AI application id (UUID)." }) });

function tooLarge(maxBytes: number): HttpProblem {
  const message = new UploadTooLargeError(maxBytes).message;
  return new HttpProblem({
    type: "https://rts.local/problems/payload-too-large",
    title: "Upload too large.",
    status: 413,
    detail: message,
    errors: [{ path: "file", message, rule: "R15" }],
  });
}

function unsupportedMediaType(contentType: string | undefined): HttpProblem {
  return new HttpProblem({
    type: "https://rts.local/problems/unsupported-media-type",
    title: "Unsupported media type.",
    status: 415,
    detail: `Send the version as multipart/form-data (a "version" field, then the "file" part), not ${contentType?.split(";")[0] || "an empty body"}. For a container image use POST .../versions/image with JSON.`,
  });
}

function fieldIssues(fields: Record<string, string>, zodIssues: readonly z.core.$ZodIssue[]): RuleIssue[] {
  if (fields.version === undefined) return [issue("R15", "version", 'Enter a version, e.g. 1.0.0, in the "version" field, sent before the file.')];
  return zodIssues.map((zodIssue) => issue("R15", zodIssue.path.map(String).join("."), zodIssue.message));
}

/** Reads a part nobody will keep, so the parser moves on to the next one. */
async function discard(stream: NodeJS.ReadableStream): Promise<void> {
  await pipeline(stream, new Writable({ write: (_chunk, _encoding, done) => done() }));
}

interface StoredUpload extends StoredArtifact {
  key: string;
  fileName: string;
  kind: UploadKind;
}

export const versionUploadRoute: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, {
    // The file part streams to storage, which counts its bytes; these bound everything else.
    limits: { fields: 4, fieldSize: 1024, files: 1, parts: 6, fileSize: app.modelUploadMaxBytes + 1, headerPairs: 100 },
  });

  app.post(
    "/",
    {
      schema: {
        tags: ["catalogue"],
        summary: `Add a version by uploading a model package (${MODEL_PACKAGE_EXTENSIONS.join(", ")}) or an ONNX model file (${MODEL_FILE_EXTENSION})`,
        description:
          'multipart/form-data: first the field "version" (e.g. 1.0.0), then the part "file". The answer is the new version, Building; ' +
          "poll it (or its /events) until it is Normal or Failed with the reason. " +
          `At most ${formatByteSize(MODEL_UPLOAD_LIMITS.maxUploadBytes)}.`,
        consumes: ["multipart/form-data"],
        params: applicationParams,
        response: {
          201: AiApplicationVersionSchema,
          ...problemResponses,
          413: ProblemSchema.describe("The file is larger than the upload limit"),
          415: ProblemSchema.describe("Not multipart/form-data"),
        },
      },
    },
    async (request, reply) => {
      const ownerId = authenticatedUser(request).id;
      const application = await app.prisma.aiApplication.findFirst({ where: { id: request.params.applicationId, ownerId }, select: { id: true } });
      if (!application) throw HttpProblem.notFound("AI application");
      if (!request.isMultipart()) throw unsupportedMediaType(request.headers["content-type"]);

      const versionId = randomUUID();
      const issues: RuleIssue[] = [];
      const fields: Record<string, string> = {};
      let label: string | undefined;
      let sawFile = false;
      let stored: StoredUpload | undefined;
      const removeStored = async () => {
        if (stored) await app.artifactStore.delete(stored.key).catch((error: unknown) => request.log.warn({ err: error }, "could not remove a refused upload"));
      };

      try {
        for await (const part of request.parts()) {
          if (part.type === "field") {
            if (part.fieldname === "version") fields.version = String(part.value);
            else issues.push(issue("R15", part.fieldname, `Unknown field "${part.fieldname}"; send only "version" and "file".`));
            continue;
          }
          if (part.fieldname !== "file" || sawFile) {
            issues.push(issue("R15", part.fieldname, `Send exactly one file, in the part named "file".`));
            await discard(part.file);
            continue;
          }
          sawFile = true;
          // The fields came first, so a bad or taken label is refused before anything is stored.
          const parsed = UploadVersionFieldsSchema.safeParse(fields);
          if (!parsed.success) {
            issues.push(...fieldIssues(fields, parsed.error.issues));
          } else {
            label = parsed.data.version;
            const taken = await app.prisma.aiApplicationVersion.findFirst({ where: { applicationId: application.id, version: label }, select: { id: true } });
            if (taken) issues.push(versionLabelTaken(label));
          }
          const kind = uploadKind(part.filename);
          if (!kind) issues.push(issue("R15", "file", `"${part.filename}" is not a model package or model file: upload a ${ACCEPTED} file.`));
          if (issues.length > 0 || !kind) {
            await discard(part.file);
            continue;
          }
          // Shown in events and the console: the base name only, without control characters.
          const fileName = part.filename.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").slice(-255);
          const key = artifactKey(versionId, `upload${kind.extension}`);
          stored = { key, fileName, kind, ...(await receiveUpload(part.file, app.artifactStore, key, { maxBytes: app.modelUploadMaxBytes })) };
        }
      } catch (error) {
        await removeStored();
        const fileTooLarge = error instanceof UploadTooLargeError || (error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE";
        if (fileTooLarge) throw tooLarge(app.modelUploadMaxBytes);
        throw error;
      }

      if (!sawFile) {
        issues.push(issue("R15", "file", `Choose a file to upload: a model package (${MODEL_PACKAGE_EXTENSIONS.join(", ")}) or an ONNX model (${MODEL_FILE_EXTENSION}).`));
        const parsed = UploadVersionFieldsSchema.safeParse(fields);
        if (!parsed.success) issues.push(...fieldIssues(fields, parsed.error.issues));
      }
      if (issues.length > 0 || !stored || !label) {
        await removeStored();
        throw HttpProblem.validation(issues);
      }

      const upload = stored;
      const version = label;
      const onnx = upload.kind.name === "onnx";
      const row = await app.prisma
        .$transaction(async (tx) => {
          const created = await tx.aiApplicationVersion.create({
            data: {
              id: versionId,
              applicationId: application.id,
              version,
              state: "Building",
              source: onnx ? "model_file" : "model_package",
              // A package's manifest decides these; the build writes what it says.
              runtime: onnx ? "onnx" : "custom",
              protocol: onnx ? "oip-v2" : "rts-json",
              modelServer: {},
              stateReason: "Waiting for the build to check the upload.",
              artifact: { key: upload.key, fileName: upload.fileName, bytes: upload.bytes, sha256: upload.sha256 },
            },
            include: { application: { select: { name: true } } },
          });
          await recordVersionEvent(tx, created.id, "received", `Received ${upload.fileName} (${formatByteSize(upload.bytes)}, SHA-256 ${upload.sha256.slice(0, 12)}…).`);
          await app.jobs.enqueueVersionBuildInTransaction(tx, { versionId: created.id });
          return created;
        })
        .catch(async (error: unknown) => {
          await removeStored();
          throw isUniqueViolation(error) ? HttpProblem.validation([versionLabelTaken(version)]) : error;
        });
      return reply.code(201).send(toAiApplicationVersion(row));
    },
  );
};
