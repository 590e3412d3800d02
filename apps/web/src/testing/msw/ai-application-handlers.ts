// MSW handlers for AI applications and their versions, for stories and jsdom tests. Each handler
// set keeps its own list in memory, so creating, uploading and deleting show up in the next list
// read; requests are checked with the shared schemas, so the mocked API refuses what the real one does.
import {
  conflictProblem,
  ContainerImageVersionRequestSchema,
  CreateAiApplicationRequestSchema,
  notFoundProblem,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  UploadVersionFieldsSchema,
  validationProblem,
  type AiApplication,
  type AiApplicationVersion,
  type Problem,
  type RuleIssue,
  type VersionEvent,
} from "@rts/contracts";
import { delay, HttpResponse, http, type AnyHandler } from "msw";
import type { z } from "zod";
import { buildEvents, modelApplication, modelVersion, modelVersions } from "./ai-application-fixtures.ts";

export type UploadOutcome = "accept" | "reject" | "too-large" | "hang";

export interface AiApplicationApiOptions {
  applications?: AiApplication[];
  /** What POST .../versions answers: 201 Building, 422 with field errors, 413, or nothing (to show progress). */
  upload?: UploadOutcome;
  /** Building versions turn Normal after this many list reads (never when left out). */
  buildAfterReads?: number;
  /** Services that use an application or version, by its id: deleting it answers 409 naming them. */
  usedBy?: Record<string, string[]>;
  events?: Record<string, VersionEvent[]>;
}

export const UPLOAD_REJECTION: RuleIssue[] = [
  { rule: "R15", path: "version", message: 'This application already has a version "1.0.0". Choose another version.' },
  { rule: "R15", path: "file", message: 'model.zip: rts-model.json is missing at the package\'s root. Add it (see "Bring your own model").' },
];

function problem(p: Problem) {
  return HttpResponse.json(p, { status: p.status, headers: { "content-type": PROBLEM_CONTENT_TYPE } });
}

function issuesOf(error: z.ZodError): RuleIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message, rule: "R15" }));
}

function inUse(what: string, services: string[], instance: string) {
  return problem(conflictProblem(`${what} is used by ${services.length === 1 ? "service" : "services"} ${services.join(", ")}. Delete ${services.length === 1 ? "it" : "them"} first.`, instance));
}

/**
 * The upload's `version` field and file name and size. Read from the raw body because jsdom's
 * File is not the one undici's formData() parser makes, so formData() fails under jsdom.
 */
function readMultipart(body: string): { version?: string; file?: { name: string; size: number } } {
  const version = /name="version"\r\n\r\n([^\r]*)\r\n/.exec(body)?.[1];
  const file = /name="file"; filename="([^"]*)"\r\n(?:[^\r]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(body);
  return { version, file: file ? { name: file[1] ?? "", size: file[2]?.length ?? 0 } : undefined };
}

export function aiApplicationHandlers(options: AiApplicationApiOptions = {}): AnyHandler[] {
  let applications = structuredClone(options.applications ?? [modelApplication(Object.values(modelVersions))]);
  const events = options.events ?? buildEvents;
  let reads = 0;
  let nextId = 1;
  const findApp = (id: string | readonly string[] | undefined) => applications.find((app) => app.id === id);

  function addVersion(app: AiApplication, version: AiApplicationVersion) {
    app.versions.push(version);
    return HttpResponse.json(version, { status: 201 });
  }

  return [
    http.get("*/api/v1/ai-applications", () => {
      reads += 1;
      if (options.buildAfterReads !== undefined && reads > options.buildAfterReads) {
        applications = applications.map((app) => ({
          ...app,
          versions: app.versions.map((v) => (v.state === "Building" ? { ...v, state: "Normal", stateReason: null, builtAt: new Date().toISOString() } : v)),
        }));
      }
      return HttpResponse.json({ items: applications });
    }),
    http.post("*/api/v1/ai-applications", async ({ request }) => {
      const parsed = CreateAiApplicationRequestSchema.safeParse(await request.json());
      if (!parsed.success) return problem(validationProblem(issuesOf(parsed.error), "/api/v1/ai-applications"));
      if (applications.some((app) => app.name === parsed.data.name)) {
        return problem({
          ...conflictProblem(`You already have an AI application named "${parsed.data.name}".`, "/api/v1/ai-applications"),
          errors: [{ path: "name", message: `You already have an AI application named "${parsed.data.name}". Choose a different name.` }],
        });
      }
      const app: AiApplication = { id: `app-new-${nextId++}`, ...parsed.data, createdAt: new Date().toISOString(), versions: [] };
      applications.push(app);
      return HttpResponse.json(app, { status: 201 });
    }),
    http.delete("*/api/v1/ai-applications/:id", ({ params, request }) => {
      const app = findApp(params.id);
      if (!app) return problem(notFoundProblem("AI application", new URL(request.url).pathname));
      const services = options.usedBy?.[app.id];
      if (services) return inUse(`AI application ${app.name}`, services, new URL(request.url).pathname);
      applications = applications.filter((a) => a !== app);
      return new HttpResponse(null, { status: 204 });
    }),
    http.delete("*/api/v1/ai-applications/:id/versions/:versionId", ({ params, request }) => {
      const app = findApp(params.id);
      const version = app?.versions.find((v) => v.id === params.versionId);
      if (!app || !version) return problem(notFoundProblem("AI application version", new URL(request.url).pathname));
      const services = options.usedBy?.[version.id];
      if (services) return inUse(`Version ${version.version} of ${app.name}`, services, new URL(request.url).pathname);
      app.versions = app.versions.filter((v) => v !== version);
      return new HttpResponse(null, { status: 204 });
    }),
    http.get("*/api/v1/ai-applications/:id/versions/:versionId/events", ({ params }) =>
      HttpResponse.json({ items: events[String(params.versionId)] ?? [] }),
    ),
    http.post("*/api/v1/ai-applications/:id/versions/image", async ({ params, request }) => {
      const app = findApp(params.id);
      const instance = new URL(request.url).pathname;
      if (!app) return problem(notFoundProblem("AI application", instance));
      const parsed = ContainerImageVersionRequestSchema.safeParse(await request.json());
      if (!parsed.success) return problem(validationProblem(issuesOf(parsed.error), instance));
      const { version, port: _port, image: _image, ...rest } = parsed.data;
      return addVersion(
        app,
        modelVersion({
          ...rest,
          exampleRequest: rest.exampleRequest ?? null,
          inputSchema: rest.inputSchema ?? null,
          id: `ver-new-${nextId++}`,
          version,
          applicationId: app.id,
          applicationName: app.name,
          state: "Building",
          source: "container_image",
          runtime: "image",
          artifact: null,
          modelMetadata: null,
          createdAt: new Date().toISOString(),
          builtAt: null,
        }),
      );
    }),
    http.post("*/api/v1/ai-applications/:id/versions", async ({ params, request }) => {
      const app = findApp(params.id);
      const instance = new URL(request.url).pathname;
      if (!app) return problem(notFoundProblem("AI application", instance));
      const outcome = options.upload ?? "accept";
      if (outcome === "hang") await delay("infinite");
      if (outcome === "too-large") {
        return problem({
          type: PROBLEM_TYPES.validation,
          title: "The upload is too large.",
          status: 413,
          detail: "The file is larger than 512 MB, the largest upload allowed.",
          instance,
          errors: [{ path: "file", message: "The file is larger than 512 MB, the largest upload allowed." }],
        });
      }
      if (outcome === "reject") return problem(validationProblem(UPLOAD_REJECTION, instance));
      const form = readMultipart(await request.text());
      const fields = UploadVersionFieldsSchema.safeParse({ version: form.version });
      const file = form.file;
      if (!fields.success) return problem(validationProblem(issuesOf(fields.error), instance));
      if (!file) return problem(validationProblem([{ rule: "R15", path: "file", message: "Choose a file to upload." }], instance));
      const onnx = file.name.endsWith(".onnx");
      return addVersion(
        app,
        modelVersion({
          id: `ver-new-${nextId++}`,
          version: fields.data.version,
          applicationId: app.id,
          applicationName: app.name,
          state: "Building",
          source: onnx ? "model_file" : "model_package",
          runtime: onnx ? "onnx" : "custom",
          protocol: onnx ? "oip-v2" : "rts-json",
          stateReason: "Checking the upload.",
          artifact: { fileName: file.name, bytes: file.size, sha256: "0".repeat(64) },
          modelMetadata: null,
          createdAt: new Date().toISOString(),
          builtAt: null,
        }),
      );
    }),
  ];
}
