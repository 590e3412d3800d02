// The Open Inference Protocol v2 (the REST protocol of KServe, Triton and Seldon) per service, so a
// standard OIP client works unchanged with the base URL /v1/infers/{serviceId}. Every route passes
// the same authentication, ownership, state checks, traffic limit, split, failover, metrics and
// data collection as POST /v1/infers/{serviceId} (gateway-plugin.ts), and the instance is asked the
// same /v2/... path. Only versions whose protocol is "oip-v2" take these calls; the model name is
// the AI application's name and the OIP model version is the version label. Readiness is answered
// from the routing table, without a call to an instance.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES } from "@rts/contracts";
import { HttpProblem } from "../plugins/http-problem.ts";
import type { RoutedVersion, RoutingTable } from "./routing-table.ts";

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface InferenceRouteHooks {
  /** Signed-in owner, and the service's routing table in `request.gatewayTable` if it serves now. */
  authenticate: Hook[];
  /** The service's traffic limit, shared with the JSON route. */
  trafficLimit: Hook;
  /** Records metrics and the data-collection sample of a call once answered. */
  recordResponse: Hook;
  proxy(request: FastifyRequest, reply: FastifyReply, candidates: RoutedVersion[], upstreamPath: string): unknown;
}

const OIP = "/v1/infers/:serviceId/v2";
const ServiceParams = z.object({ serviceId: z.string().describe("The service id (UUID)") });
const ModelParams = ServiceParams.extend({ model: z.string().describe("The model name: the AI application's name") });
const VersionParams = ModelParams.extend({ version: z.string().describe('The model version: the version label, e.g. "1.0.0"') });
// For the OpenAPI document only: the instance's model judges the request.
const InferenceRequestBody = z.unknown().meta({
  description: "An OIP v2 inference request: `inputs` as typed tensors (name, shape, datatype, data), optionally `outputs` and `parameters`.",
  "x-examples": {
    tensor: {
      summary: "One FP32 input tensor of shape [1, 4]",
      value: { inputs: [{ name: "input", shape: [1, 4], datatype: "FP32", data: [5.1, 3.5, 1.4, 0.2] }] },
    },
  },
});

function notFound(detail: string): HttpProblem {
  return new HttpProblem({ type: PROBLEM_TYPES.notFound, title: "Not found", status: 404, detail });
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** The versions named do not speak OIP: say which contract they answer, and where. */
function jsonContractOnly(table: RoutingTable, versions: readonly RoutedVersion[]): HttpProblem {
  const labels = versions.map((v) => v.version);
  const which = labels.length === 1 ? `version ${labels[0]} answers` : `versions ${listed(labels)} answer`;
  return notFound(
    `This service's ${which} the platform's JSON contract: POST /v1/infers/${table.serviceId} with a JSON body. The Open Inference Protocol routes (/v2/...) reach only versions that speak it.`,
  );
}

function speakingOpenInference(table: RoutingTable): RoutedVersion[] {
  const speaking = table.configurations.filter((c) => c.protocol === "oip-v2");
  if (speaking.length === 0) throw jsonContractOnly(table, table.configurations);
  return speaking;
}

/**
 * The versions a call for `model` (and `version`, when pinned) may go to. A pinned version takes it
 * whatever its traffic ratio; unpinned, the split's ratios hold among the versions that speak OIP.
 */
function versionsOf(table: RoutingTable, model: string, version?: string): RoutedVersion[] {
  const ofModel = table.configurations.filter((c) => c.application === model);
  if (ofModel.length === 0) {
    const models = [...new Set(speakingOpenInference(table).map((c) => c.application))];
    throw notFound(`This service serves no model "${model}"; it serves ${listed(models.map((m) => `"${m}"`))}: call /v1/infers/${table.serviceId}/v2/models/${models[0]}/infer.`);
  }
  const chosen = version === undefined ? ofModel : ofModel.filter((c) => c.version === version);
  if (chosen.length === 0) {
    throw notFound(`This service has no version "${version}" of model "${model}"; it serves ${listed(ofModel.map((c) => c.version))}.`);
  }
  const speaking = chosen.filter((c) => c.protocol === "oip-v2");
  if (speaking.length === 0) throw jsonContractOnly(table, chosen);
  const unweighted = version !== undefined || speaking.every((c) => c.trafficRatio <= 0);
  return unweighted ? speaking.map((c) => ({ ...c, trafficRatio: 1 })) : speaking;
}

function hasHealthyInstance(versions: readonly RoutedVersion[]): boolean {
  return versions.some((v) => v.pools.some((p) => p.instances.length > 0));
}

function notReady(reply: FastifyReply, what: string, versions: readonly RoutedVersion[]): HttpProblem {
  reply.header("retry-after", "5");
  return new HttpProblem({
    type: PROBLEM_TYPES.unavailable,
    title: "Not ready",
    status: 503,
    detail: `${what} is not ready: no instance of version ${listed(versions.map((v) => v.version))} is healthy right now; retry shortly.`,
  });
}

/**
 * OIP clients (tritonclient, KServe's) read an error's text from `error`: every problem these
 * routes answer, the gateway's own and authentication's alike, carries its detail there too (an
 * RFC 9457 extension member). A model's own errors pass through as the model wrote them.
 */
async function withOpenInferenceError(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (typeof payload !== "string" || !String(reply.getHeader("content-type") ?? "").startsWith(PROBLEM_CONTENT_TYPE)) return payload;
  try {
    const problem = JSON.parse(payload) as { detail?: unknown; error?: unknown };
    if (problem.error !== undefined || typeof problem.detail !== "string") return payload;
    return JSON.stringify({ ...problem, error: problem.detail });
  } catch {
    return payload;
  }
}

function modelPath(model: string, version?: string): string {
  return `/v2/models/${encodeURIComponent(model)}${version === undefined ? "" : `/versions/${encodeURIComponent(version)}`}`;
}

export function registerOpenInferenceRoutes(parent: FastifyInstance, hooks: InferenceRouteHooks): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const forwarded = [...hooks.authenticate, hooks.trafficLimit];
  const tags = ["inference (Open Inference Protocol v2)"];

  app.get(OIP, {
    schema: { tags, summary: "OIP server metadata, from an instance of a version that speaks OIP", params: ServiceParams },
    onSend: withOpenInferenceError,
    preHandler: forwarded,
    handler: async (request, reply) => hooks.proxy(request, reply, speakingOpenInference(request.gatewayTable!), "/v2"),
  });

  app.get(`${OIP}/health/live`, {
    schema: { tags, summary: "OIP liveness: 200 while the service is in a serving state (answered by the gateway)", params: ServiceParams },
    onSend: withOpenInferenceError,
    preHandler: hooks.authenticate,
    handler: async (request) => {
      speakingOpenInference(request.gatewayTable!);
      return { live: true };
    },
  });

  app.get(`${OIP}/health/ready`, {
    schema: {
      tags,
      summary: "OIP readiness: 200 when the service serves and an instance of a version that speaks OIP is healthy, else 503 (answered by the gateway)",
      params: ServiceParams,
    },
    onSend: withOpenInferenceError,
    preHandler: hooks.authenticate,
    handler: async (request, reply) => {
      const versions = speakingOpenInference(request.gatewayTable!);
      if (!hasHealthyInstance(versions)) throw notReady(reply, "The service", versions);
      return { ready: true };
    },
  });

  app.get(`${OIP}/models/:model`, {
    schema: { tags, summary: "OIP model metadata (inputs and outputs), from an instance of the model", params: ModelParams },
    onSend: withOpenInferenceError,
    preHandler: forwarded,
    handler: async (request, reply) => {
      const { model } = request.params;
      return hooks.proxy(request, reply, versionsOf(request.gatewayTable!, model), modelPath(model));
    },
  });

  app.get(`${OIP}/models/:model/versions/:version`, {
    schema: { tags, summary: "OIP model metadata of one version, from an instance of that version", params: VersionParams },
    onSend: withOpenInferenceError,
    preHandler: forwarded,
    handler: async (request, reply) => {
      const { model, version } = request.params;
      return hooks.proxy(request, reply, versionsOf(request.gatewayTable!, model, version), modelPath(model, version));
    },
  });

  for (const pinned of [false, true]) {
    const path = pinned ? `${OIP}/models/:model/versions/:version` : `${OIP}/models/:model`;
    app.get(`${path}/ready`, {
      schema: {
        tags,
        summary: pinned
          ? "OIP model version readiness: 200 when an instance of that version is healthy, else 503 (answered by the gateway)"
          : "OIP model readiness: 200 when an instance of the model is healthy, else 503 (answered by the gateway)",
        params: pinned ? VersionParams : ModelParams,
      },
      onSend: withOpenInferenceError,
      preHandler: hooks.authenticate,
      handler: async (request, reply) => {
        const { model, version } = request.params as { model: string; version?: string };
        const versions = versionsOf(request.gatewayTable!, model, version);
        if (!hasHealthyInstance(versions)) throw notReady(reply, `Model "${model}"`, versions);
        return { name: model, ...(version === undefined ? {} : { version }), ready: true };
      },
    });

    app.post(`${path}/infer`, {
      schema: {
        tags,
        summary: pinned
          ? "OIP inference on one version of the model (whatever its traffic ratio); X-Model-Version names it"
          : "OIP inference: split over the model's versions that speak OIP by their traffic ratios; X-Model-Version names the answering version",
        params: pinned ? VersionParams : ModelParams,
        body: InferenceRequestBody,
      },
      onSend: withOpenInferenceError,
      preHandler: forwarded,
      onResponse: hooks.recordResponse,
      handler: async (request, reply) => {
        const { model, version } = request.params as { model: string; version?: string };
        return hooks.proxy(request, reply, versionsOf(request.gatewayTable!, model, version), `${modelPath(model, version)}/infer`);
      },
    });
  }
}
