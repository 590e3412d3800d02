// MSW handlers for one deployed service: its details, Modify (PATCH with If-Match, dry run),
// revisions and restore, Cancel and Stop. The dry runs and refusals come from the shared rules
// (previewModify, validateModifyRequest), like the real API; `modify` picks what a real PATCH
// answers. Each call of serviceApiHandlers() holds its own copy of the service, changed by the
// calls it answers.
import {
  MASKED_ENV_VAR_VALUE,
  MODIFY_MESSAGES,
  PROBLEM_CONTENT_TYPE,
  conflictProblem,
  describeChanges,
  findFlavor,
  findVersion,
  invalidTransitionProblem,
  previewModify,
  validateModifyRequest,
  validationProblem,
  type DeployContext,
  type DeployServiceRequest,
  type Problem,
  type ServiceConfiguration,
  type ServiceDetail,
  type ServiceRevision,
} from "@rts/contracts";
import { HttpResponse, http, type AnyHandler } from "msw";
import { serviceAsDeployValues } from "../../features/deploy-wizard/modify-form.ts";
import { fixtureDeployContext, howToCall, tightQuota } from "./fixtures.ts";
import { deployApiHandlers, type DeployApiOptions } from "./handlers.ts";
import { REVISION_SPECS, modifiableService, serviceRevisions } from "./service-fixtures.ts";

type MaskedValue = ServiceConfiguration["envVars"][number]["value"];

export type ModifyOutcome = "accept" | "stale" | "conflict" | "quota";

export type RecordedRequest = { method: string; path: string; dryRun: boolean; ifMatch: string | null; body: unknown };

export type ServiceApiOptions = DeployApiOptions & {
  service?: ServiceDetail;
  revisions?: ServiceRevision[];
  /** What a real PATCH answers: 202; 412 (someone changed it just before); 409; or 422 R12 (quota taken meanwhile). */
  modify?: ModifyOutcome;
  /** Every call to the service's endpoints, for play functions to check what was sent. */
  log?: RecordedRequest[];
};

function problem(p: Problem) {
  return HttpResponse.json(p, { status: p.status, headers: { "content-type": PROBLEM_CONTENT_TYPE } });
}

function revisionOf(ifMatch: string | null): number | null {
  const match = /^"?(\d+)"?$/.exec(ifMatch?.trim() ?? "");
  return match ? Number(match[1]) : null;
}

/** The service after `value` is applied as revision `revision`. */
function applied(service: ServiceDetail, value: DeployServiceRequest, ctx: DeployContext, revision: number): ServiceDetail {
  const before = serviceAsDeployValues(service) as DeployServiceRequest;
  const summary = describeChanges(before, value, ctx);
  const configurations = value.configurations.map((c) => {
    const version = findVersion(ctx, c.versionId);
    return {
      id: `cfg-${c.versionId}`,
      versionId: c.versionId,
      version: version?.version ?? c.versionId,
      applicationName: version?.applicationName ?? service.applicationName,
      trafficRatio: c.trafficRatio,
      flavorId: c.flavorId,
      flavorName: findFlavor(ctx, c.flavorId)?.name ?? c.flavorId,
      computeNodes: c.computeNodes,
      envVars: c.envVars.map((v) => ({ key: v.key, value: MASKED_ENV_VAR_VALUE as MaskedValue })),
      ...howToCall(c.versionId),
    };
  });
  return {
    ...service,
    revision,
    state: summary.appliesAtOnce ? service.state : "Updating",
    description: value.description,
    timeoutMinutes: value.timeoutMinutes,
    dataCollection: value.dataCollection,
    trafficLimit: value.trafficLimit,
    autoStop: value.autoStop,
    autoStopAt: value.autoStop ? new Date(Date.now() + value.autoStop.hours * 3_600_000).toISOString() : null,
    configurations,
    versions: configurations.map((c) => ({ versionId: c.versionId, version: c.version, trafficRatio: c.trafficRatio })),
    routing: summary.appliesAtOnce ? configurations.map((c) => ({ versionId: c.versionId, trafficRatio: c.trafficRatio })) : service.routing,
  };
}

export function serviceApiHandlers(options: ServiceApiOptions = {}): AnyHandler[] {
  const context = fixtureDeployContext(options);
  let service = options.service ?? modifiableService();
  const revisions = options.revisions ?? serviceRevisions();
  const base = `*/api/v1/services/${service.id}`;
  const stale = (sent: number | null) =>
    problem({
      type: "https://rts.local/problems/precondition-failed",
      title: "This service changed since you read it.",
      status: 412,
      detail: MODIFY_MESSAGES.stale(sent ?? 0, service.revision),
    });

  async function record(request: Request): Promise<{ dryRun: boolean; ifMatch: number | null; body: unknown }> {
    const url = new URL(request.url);
    const text = await request.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    const dryRun = url.searchParams.get("dryRun") === "true";
    const ifMatch = request.headers.get("if-match");
    options.log?.push({ method: request.method, path: url.pathname, dryRun, ifMatch, body });
    return { dryRun, ifMatch: revisionOf(ifMatch), body };
  }

  return [
    // The live stream stays open and silent: states change here only through the calls below.
    http.get("*/api/v1/services/events", () => new HttpResponse(new ReadableStream(), { headers: { "content-type": "text/event-stream" } })),
    http.get(base, () => HttpResponse.json(service, { headers: { etag: `"${service.revision}"` } })),
    http.patch(base, async ({ request }) => {
      const { dryRun, ifMatch, body } = await record(request);
      const current = serviceAsDeployValues(service);
      if (!dryRun && options.modify === "stale") service = { ...service, revision: service.revision + 1, updatedAt: new Date().toISOString() };
      if (ifMatch === null) return problem({ type: "about:blank", title: "Precondition required.", status: 428, detail: MODIFY_MESSAGES.preconditionRequired });
      if (ifMatch !== service.revision) return stale(ifMatch);
      if (dryRun) return HttpResponse.json(previewModify(body, current, context, service.revision));
      if (options.modify === "conflict") return problem(invalidTransitionProblem("modify", "Updating", new URL(request.url).pathname));
      if (options.modify === "quota") {
        const refused = validateModifyRequest(body, current, fixtureDeployContext({ ...options, quota: tightQuota }));
        const quotaIssues = refused.issues.filter((i) => i.rule === "R12");
        if (quotaIssues.length > 0) return problem(validationProblem(quotaIssues, new URL(request.url).pathname));
        return problem(conflictProblem("The quota changed while you were editing; try again."));
      }
      const verdict = validateModifyRequest(body, current, context);
      if (!verdict.ok) return problem(validationProblem(verdict.issues, new URL(request.url).pathname));
      service = applied(service, verdict.value, context, service.revision + 1);
      return HttpResponse.json(service, { status: 202, headers: { etag: `"${service.revision}"` } });
    }),
    http.get(`${base}/revisions`, () => HttpResponse.json({ items: revisions })),
    http.post(`${base}/revisions/:number/restore`, async ({ request, params }) => {
      const { dryRun, ifMatch } = await record(request);
      if (ifMatch !== service.revision) return stale(ifMatch);
      const spec = REVISION_SPECS[Number(params["number"])];
      if (!spec) return problem({ type: "about:blank", title: "Revision not found.", status: 404, detail: "Revision not found." });
      const current = serviceAsDeployValues(service);
      if (dryRun) return HttpResponse.json(previewModify(spec, current, context, service.revision));
      const verdict = validateModifyRequest(spec, current, context);
      if (!verdict.ok) return problem(validationProblem(verdict.issues, new URL(request.url).pathname));
      service = applied(service, verdict.value, context, service.revision + 1);
      return HttpResponse.json(service, { status: 202 });
    }),
    http.post(`${base}/cancel`, async ({ request }) => {
      await record(request);
      if (service.state !== "Deploying" && service.state !== "Updating") return problem(invalidTransitionProblem("cancel", service.state));
      service = { ...service, state: service.state === "Deploying" ? "Stopping" : "Running", stateReason: "Cancelled by you." };
      return HttpResponse.json(service, { status: 202 });
    }),
    http.post(`${base}/stop`, async ({ request }) => {
      await record(request);
      service = { ...service, state: "Stopping", stateReason: "Stop requested." };
      return HttpResponse.json(service, { status: 202 });
    }),
    ...deployApiHandlers(options),
  ];
}
