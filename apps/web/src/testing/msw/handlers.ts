// MSW handlers for the deploy API, for stories (browser worker) and jsdom tests (msw/node).
// The dry run answers with the shared rules, like the real API.
import {
  internalProblem,
  previewDeploy,
  validationProblem,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type RuleIssue,
} from "@rts/contracts";
import { HttpResponse, http, type AnyHandler } from "msw";
import {
  aiApplicationsResponse,
  deployedService,
  fixtureDeployContext,
  poolsResponse,
  quotaResponse,
  servicesResponse,
  specificationsResponse,
  type FixtureWorld,
} from "./fixtures.ts";

export type DeployOutcome = "accept" | "reject" | "fail";

export type DeployApiOptions = FixtureWorld & {
  /** What POST /api/v1/services answers: 202, 422 with these field errors, or 500. */
  deploy?: DeployOutcome;
  rejectWith?: RuleIssue[];
};

/** What the server says when a name was taken and a flavor ran out between preview and submit. */
export const SERVER_REJECTION: RuleIssue[] = [
  { rule: "R2", path: "name", message: 'You already have a service named "digits-service". Choose a different name.' },
  {
    rule: "R6",
    path: "configurations.0.flavorId",
    message: "Specification CPU: 2 vCPUs | 8 GiB is not available in this environment (shown in gray). Choose another specification.",
  },
];

function problem(p: Problem) {
  return HttpResponse.json(p, { status: p.status, headers: { "content-type": PROBLEM_CONTENT_TYPE } });
}

export function deployApiHandlers(options: DeployApiOptions = {}): AnyHandler[] {
  const context = fixtureDeployContext(options);
  return [
    http.get("*/api/v1/specifications", () => HttpResponse.json(specificationsResponse)),
    http.get("*/api/v1/pools", () => HttpResponse.json(poolsResponse)),
    http.get("*/api/v1/ai-applications", () => HttpResponse.json(aiApplicationsResponse)),
    http.get("*/api/v1/quota", () => HttpResponse.json(quotaResponse(options.quota))),
    http.get("*/api/v1/services", () => HttpResponse.json(servicesResponse(options.serviceCount))),
    http.post("*/api/v1/services", async ({ request }) => {
      const body: unknown = await request.json();
      const url = new URL(request.url);
      if (url.searchParams.get("dryRun") === "true") return HttpResponse.json(previewDeploy(body, context));
      const outcome = options.deploy ?? "accept";
      if (outcome === "fail") return problem(internalProblem("/api/v1/services"));
      if (outcome === "reject") return problem(validationProblem(options.rejectWith ?? SERVER_REJECTION, "/api/v1/services"));
      const preview = previewDeploy(body, context);
      if (!preview.valid) return problem(validationProblem(preview.issues, "/api/v1/services"));
      const name = typeof body === "object" && body && "name" in body ? String(body.name) : "service";
      return HttpResponse.json(deployedService(name), { status: 202 });
    }),
  ];
}
