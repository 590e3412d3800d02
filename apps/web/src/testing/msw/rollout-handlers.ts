// MSW handlers for the traffic panel: the service detail, PATCH (ratio edit) with If-Match, and
// the rollouts resource over an in-memory world, so a story's clicks change what the next read
// returns, like the real API. `reset` puts the world back before each run of a story.
import {
  MODIFY_MESSAGES,
  PROBLEM_CONTENT_TYPE,
  ROLLOUT_MESSAGES,
  StartRolloutRequestSchema,
  conflictProblem,
  notFoundProblem,
  preconditionRequiredProblem,
  staleRevisionProblem,
  validationProblem,
  type Problem,
  type Rollout,
  type RuleIssue,
  type ServiceDetail,
  type TrafficSplit,
} from "@rts/contracts";
import { HttpResponse, http, type AnyHandler } from "msw";
import { canRolloutAction, isRolloutActive, type RolloutAction } from "../../features/rollouts/rollout-states.ts";
import { trafficService } from "./traffic-fixtures.ts";

export interface TrafficApiOptions {
  service?: ServiceDetail;
  /** Newest first. */
  rollouts?: Rollout[];
  /** Someone else's change, made just after the page first read the service (its change gets 412). */
  changedElsewhere?: ServiceDetail;
  /** PATCH answers 409 with this detail (e.g. an update started elsewhere). */
  refuseModifyWith?: string;
  /** 422 field errors the server finds in a rollout start, beyond the schema's. */
  rejectRolloutWith?: RuleIssue[];
}

function problem(p: Problem) {
  return HttpResponse.json(p, { status: p.status, headers: { "content-type": PROBLEM_CONTENT_TYPE } });
}

function staleProblem(sent: number, current: number, instance: string): Problem {
  return staleRevisionProblem(MODIFY_MESSAGES.stale(sent, current), instance);
}

function sentRevision(request: Request): number | null {
  const match = /^"?(\d+)"?$/.exec(request.headers.get("if-match") ?? "");
  return match ? Number(match[1]) : null;
}

function withRatios(service: ServiceDetail, ratios: TrafficSplit): ServiceDetail {
  const ratioOf = (versionId: string, old: number) => ratios.find((r) => r.versionId === versionId)?.trafficRatio ?? old;
  return {
    ...service,
    configurations: service.configurations.map((c) => ({ ...c, trafficRatio: ratioOf(c.versionId, c.trafficRatio) })),
    versions: service.versions.map((v) => ({ ...v, trafficRatio: ratioOf(v.versionId, v.trafficRatio) })),
    routing: ratios,
  };
}

function firstStep(start: TrafficSplit, target: TrafficSplit, stepPercent: number): TrafficSplit {
  return start.map((entry) => {
    const goal = target.find((t) => t.versionId === entry.versionId)?.trafficRatio ?? entry.trafficRatio;
    const delta = Math.max(-stepPercent, Math.min(stepPercent, goal - entry.trafficRatio));
    return { versionId: entry.versionId, trafficRatio: entry.trafficRatio + delta };
  });
}

export interface TrafficApi {
  handlers: AnyHandler[];
  reset: () => void;
}

export function trafficApi(options: TrafficApiOptions = {}): TrafficApi {
  const initial = options.service ?? trafficService();
  let service = initial;
  let rollouts = [...(options.rollouts ?? [])];
  let routing = service.routing;
  let elsewhere = options.changedElsewhere;
  const detailPath = `*/api/v1/services/${initial.id}`;
  const current = () => ({ ...service, routing });

  function reset() {
    service = initial;
    rollouts = [...(options.rollouts ?? [])];
    routing = initial.routing;
    elsewhere = options.changedElsewhere;
  }

  function replaceRollout(next: Rollout) {
    rollouts = rollouts.map((r) => (r.id === next.id ? next : r));
    routing = next.currentRatios;
  }

  const handlers = [
    http.get(detailPath, () => {
      const read = current();
      if (elsewhere) {
        service = elsewhere;
        routing = elsewhere.routing;
        elsewhere = undefined;
      }
      return HttpResponse.json(read);
    }),
    http.patch(detailPath, async ({ request }) => {
      const instance = new URL(request.url).pathname;
      const sent = sentRevision(request);
      const now = current();
      if (sent === null) return problem(preconditionRequiredProblem(MODIFY_MESSAGES.preconditionRequired, instance));
      if (sent !== now.revision) return problem(staleProblem(sent, now.revision, instance));
      if (options.refuseModifyWith) return problem(conflictProblem(options.refuseModifyWith, instance));
      if (rollouts.some((r) => isRolloutActive(r.state))) {
        return problem(conflictProblem("A progressive rollout is in progress on this service. Promote or abort it before changing the service.", instance));
      }
      const body = (await request.json()) as { configurations?: Array<{ versionId: string; trafficRatio: number }> };
      const ratios = (body.configurations ?? []).map((c) => ({ versionId: c.versionId, trafficRatio: c.trafficRatio }));
      service = { ...withRatios(service, ratios), revision: now.revision + 1 };
      routing = ratios;
      return HttpResponse.json(current(), { status: 202, headers: { etag: `"${service.revision}"` } });
    }),
    http.get(`${detailPath}/rollouts`, () => HttpResponse.json({ items: rollouts })),
    http.post(`${detailPath}/rollouts`, async ({ request }) => {
      const instance = new URL(request.url).pathname;
      const parsed = StartRolloutRequestSchema.safeParse(await request.json());
      const issues: RuleIssue[] = parsed.success
        ? []
        : parsed.error.issues.map((i) => ({ rule: "R16", path: i.path.map(String).join("."), message: i.message }));
      if (parsed.success && parsed.data.targetRatios.reduce((a, r) => a + r.trafficRatio, 0) !== 100) {
        issues.push({ rule: "R16", path: "targetRatios", message: ROLLOUT_MESSAGES.targetRatios });
      }
      issues.push(...(options.rejectRolloutWith ?? []));
      if (!parsed.success || issues.length > 0) return problem(validationProblem(issues, instance));
      const sent = sentRevision(request);
      const now = current();
      if (sent !== null && sent !== now.revision) return problem(staleProblem(sent, now.revision, instance));
      if (rollouts.some((r) => isRolloutActive(r.state))) return problem(conflictProblem("A rollout is already in progress for this service.", instance));
      const startedAt = new Date().toISOString();
      const first = firstStep(routing, parsed.data.targetRatios, parsed.data.stepPercent);
      const created: Rollout = {
        id: `rollout-${rollouts.length + 1}`,
        serviceId: service.id,
        state: "Running",
        startRatios: routing,
        targetRatios: parsed.data.targetRatios,
        currentRatios: first,
        stepPercent: parsed.data.stepPercent,
        bakeSeconds: parsed.data.bakeSeconds,
        baselineVersionId: parsed.data.baselineVersionId ?? routing[0]?.versionId ?? "",
        guards: parsed.data.guards,
        step: 1,
        stepStartedAt: startedAt,
        history: [],
        reason: null,
        createdAt: startedAt,
        finishedAt: null,
      };
      rollouts = [created, ...rollouts];
      routing = first;
      return HttpResponse.json(created, { status: 201 });
    }),
    http.post(`${detailPath}/rollouts/:rolloutId/:action`, ({ params, request }) => {
      const instance = new URL(request.url).pathname;
      const found = rollouts.find((r) => r.id === params["rolloutId"]);
      const action = String(params["action"]) as RolloutAction;
      if (!found) return problem(notFoundProblem("Rollout", instance));
      if (!canRolloutAction(action, found.state)) return problem(conflictProblem(`The rollout is ${found.state}; it cannot ${action}.`, instance));
      const now = new Date().toISOString();
      const next: Rollout =
        action === "pause"
          ? { ...found, state: "Paused", reason: "Paused by alice." }
          : action === "resume"
            ? { ...found, state: "Running", reason: null, stepStartedAt: now }
            : action === "promote"
              ? { ...found, state: "Completed", currentRatios: found.targetRatios, reason: "Promoted by alice: moved to the target split at once.", finishedAt: now }
              : { ...found, state: "Aborted", currentRatios: found.startRatios, reason: "Aborted by alice: back to the split it started from.", finishedAt: now };
      replaceRollout(next);
      if (action === "promote") service = { ...withRatios(service, next.targetRatios), revision: service.revision + 1 };
      return HttpResponse.json(next);
    }),
  ];
  return { handlers, reset };
}
