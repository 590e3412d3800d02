// The wizard's Modify mode (R16): the service as the deploy body it stands for (env values stay
// masked; a masked value sent back keeps the current one), the change body PATCH takes, and a
// resolver over the shared validateModifyRequest, so the wizard says what the API would.
import { toNestErrors } from "@hookform/resolvers";
import {
  MODIFIABLE_FIELDS,
  validateModifyRequest,
  type DeployContext,
  type DeployServiceRequest,
  type ModifyPreview,
  type RuleIssue,
  type ServiceDetail,
} from "@rts/contracts";
import type { FieldErrors, Resolver } from "react-hook-form";
import type { ServiceChangeBody } from "../../api/services/services-calls.ts";
import { issuesByPath, type DeployFormValues } from "./deploy-form.ts";

export type RequestModifyPreview = (body: ServiceChangeBody, signal?: AbortSignal) => Promise<ModifyPreview>;

export type ModifyMode = {
  serviceId: string;
  /** The revision the form was opened at: sent as If-Match, so a stale page cannot overwrite. */
  revision: number;
  /** The service as it was opened, as a deploy body. */
  current: DeployFormValues;
  /** The server's dry run (PATCH ?dryRun=true); without it the preview is computed in the browser only. */
  requestPreview?: RequestModifyPreview;
};

export function serviceAsDeployValues(service: ServiceDetail): DeployFormValues {
  return {
    name: service.name,
    description: service.description,
    resourcePool:
      service.poolType === "public" ? { type: "public" } : { type: "dedicated", poolIds: service.pools.map((pool) => pool.id) },
    multiPoolLoadBalancing: service.multiPoolLoadBalancing,
    configurations: service.configurations.map((c) => ({
      versionId: c.versionId,
      trafficRatio: c.trafficRatio,
      flavorId: c.flavorId,
      computeNodes: c.computeNodes,
      envVars: c.envVars.map((v) => ({ key: v.key, value: v.value })),
    })),
    timeoutMinutes: service.timeoutMinutes,
    websocket: service.websocket,
    dataCollection: service.dataCollection,
    trafficLimit: service.trafficLimit,
    autoStop: service.autoStop,
  };
}

/** What PATCH takes: the changeable fields only, the configurations as the whole new list. */
export function changeBody(values: Partial<DeployFormValues> | DeployServiceRequest): ServiceChangeBody {
  const body: Record<string, unknown> = {};
  for (const field of MODIFIABLE_FIELDS) {
    if (values[field] !== undefined) body[field] = values[field];
  }
  return body as ServiceChangeBody;
}

export function modifyResolver(context: DeployContext, current: DeployFormValues): Resolver<DeployFormValues, unknown, DeployServiceRequest> {
  return (values, _ctx, options) => {
    const result = validateModifyRequest(changeBody(values), current, context);
    if (result.ok) return { values: result.value, errors: {} };
    return {
      values: {},
      errors: toNestErrors(issuesByPath(result.issues) as FieldErrors, options) as FieldErrors<DeployFormValues>,
    };
  };
}

export function liveModifyIssues(values: DeployFormValues, current: DeployFormValues, context: DeployContext): RuleIssue[] {
  const result = validateModifyRequest(changeBody(values), current, context);
  return result.ok ? [] : result.issues;
}

/** R12's refusal sits on "configurations"; the console shows it at every Compute Nodes too. */
export const COMPUTE_NODES_PATH = /^configurations\.\d+\.computeNodes$/;
