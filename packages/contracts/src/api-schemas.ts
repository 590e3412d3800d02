import { z } from "zod";
import { AppVersionSchema, PoolGenerationSchema, PoolTypeSchema, ResourceAmountSchema } from "./catalogue.ts";
import { DataCollectionSchema, TrafficLimitSchema } from "./deploy-request.ts";
import { ExampleRequestSchema, InputSchemaSchema } from "./inference-examples.ts";
import { VersionEventSchema, versionBuildFields } from "./model-versions.ts";
import { ServiceChangeSchema } from "./modify-request.ts";
import { AutoStopSchema } from "./rules/r17-auto-stop.ts";
import { NAME_MAX_LENGTH, NAME_MESSAGES, NAME_PATTERN } from "./rules/r02-name.ts";
import { MASKED_ENV_VAR_VALUE } from "./rules/r08-environment-variables.ts";
import { ServiceStateSchema } from "./service-states.ts";

// Request and response bodies of the other endpoints, for validation and OpenAPI. Timestamps
// are ISO 8601 strings because that is what crosses the wire.

const isoTimestamp = (what: string) => z.string().describe(`${what} (ISO 8601).`);

export const LoginRequestSchema = z
  .strictObject({
    username: z
      .string({ error: "Enter your username." })
      .min(1, { error: "Enter your username." })
      .max(64, { error: "Username must be at most 64 characters." }),
    password: z
      .string({ error: "Enter your password." })
      .min(1, { error: "Enter your password." })
      .max(256, { error: "Password must be at most 256 characters." }),
  })
  .describe("Console sign-in.");
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const MeSchema = z
  .object({ id: z.string(), username: z.string(), displayName: z.string() })
  .describe("The signed-in user.");
export type Me = z.infer<typeof MeSchema>;

export const TOKEN_EXPIRY_MAX_DAYS = 365;

export const CreateTokenRequestSchema = z
  .strictObject({
    name: z
      .string({ error: "Enter a name for the token." })
      .min(1, { error: "Enter a name for the token." })
      .max(64, { error: "Token name must be at most 64 characters." })
      .describe("What the token is for."),
    expiresInDays: z
      .int({ error: "Expiry must be a whole number of days from 1 to 365." })
      .min(1, { error: "Expiry must be a whole number of days from 1 to 365." })
      .max(TOKEN_EXPIRY_MAX_DAYS, { error: "Expiry must be a whole number of days from 1 to 365." })
      .optional()
      .describe("Days until the token expires; omit for no expiry."),
  })
  .describe("Create an API token for calling services.");
export type CreateTokenRequest = z.infer<typeof CreateTokenRequestSchema>;

export const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe("First characters of the token, to recognize it; the rest is never shown again."),
    createdAt: isoTimestamp("Creation time"),
    expiresAt: isoTimestamp("Expiry time").nullable(),
    lastUsedAt: isoTimestamp("Last use").nullable(),
    revokedAt: isoTimestamp("Revocation time").nullable(),
  })
  .describe("An API token (without its secret).");
export type Token = z.infer<typeof TokenSchema>;

export const CreatedTokenSchema = TokenSchema.extend({
  token: z.string().describe("The full token. Shown only once: store it now."),
}).describe("A newly created API token.");
export type CreatedToken = z.infer<typeof CreatedTokenSchema>;

export const POOL_NODE_COUNT_MIN = 1;
export const POOL_NODE_COUNT_MAX = 64;
export const POOL_NODE_COUNT_MESSAGE = `Node count must be a whole number from ${POOL_NODE_COUNT_MIN} to ${POOL_NODE_COUNT_MAX}.`;
const poolNodeCount = z
  .int({ error: POOL_NODE_COUNT_MESSAGE })
  .min(POOL_NODE_COUNT_MIN, { error: POOL_NODE_COUNT_MESSAGE })
  .max(POOL_NODE_COUNT_MAX, { error: POOL_NODE_COUNT_MESSAGE })
  .describe("Nodes in the pool; each holds its flavor of quota.");

export const CreatePoolRequestSchema = z
  .strictObject({
    // Same naming rule as services so names read the same everywhere.
    name: z
      .string({ error: (iss) => (iss.input === undefined ? NAME_MESSAGES.required : NAME_MESSAGES.notText) })
      .min(1, { error: "Enter a name for the pool.", abort: true })
      .max(NAME_MAX_LENGTH, { error: NAME_MESSAGES.tooLong, abort: true })
      .regex(NAME_PATTERN, { error: NAME_MESSAGES.format })
      .describe("Pool name: a letter, then letters, digits, - or _ (1-64)."),
    flavorId: z.string({ error: "Choose a specification." }).min(1, { error: "Choose a specification." }),
    nodeCount: poolNodeCount,
    generation: PoolGenerationSchema.default("new"),
  })
  .describe("Create a dedicated resource pool.");
export type CreatePoolRequest = z.output<typeof CreatePoolRequestSchema>;

export const ResizePoolRequestSchema = z.strictObject({ nodeCount: poolNodeCount }).describe("Resize a dedicated pool.");
export type ResizePoolRequest = z.infer<typeof ResizePoolRequestSchema>;

const howToCall = {
  exampleRequest: ExampleRequestSchema.nullable().describe("The version's example request body; null when it declares none."),
  inputSchema: InputSchemaSchema.nullable().describe("JSON Schema of the version's request body; null when it declares none."),
};

export const AiApplicationVersionSchema = AppVersionSchema.extend({ ...howToCall, ...versionBuildFields }).describe(
  "A version of one of the user's AI applications, with how to call it and how it was built.",
);
export type AiApplicationVersion = z.infer<typeof AiApplicationVersionSchema>;

export const AiApplicationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    createdAt: isoTimestamp("Creation time"),
    versions: z.array(AiApplicationVersionSchema).describe("Oldest first."),
  })
  .describe("One of My AI Applications with its versions.");
export type AiApplication = z.infer<typeof AiApplicationSchema>;

export const VersionEventListSchema = z
  .object({ items: z.array(VersionEventSchema).describe("Oldest first.") })
  .describe("What happened while a version was checked, unpacked and built.");
export type VersionEventList = z.infer<typeof VersionEventListSchema>;

export const AiApplicationListSchema = z.object({ items: z.array(AiApplicationSchema) }).describe("My AI Applications, by name.");
export type AiApplicationList = z.infer<typeof AiApplicationListSchema>;

export const SERVICE_SORT_FIELDS = ["createdAt", "name", "state"] as const;

export const ListServicesQuerySchema = z
  .object({
    q: z.string().max(64, { error: "Search text must be at most 64 characters." }).optional().describe("Name contains."),
    state: ServiceStateSchema.optional(),
    page: z.coerce
      .number({ error: "Page must be a whole number of at least 1." })
      .int({ error: "Page must be a whole number of at least 1." })
      .min(1, { error: "Page must be a whole number of at least 1." })
      .default(1),
    pageSize: z.coerce
      .number({ error: "Page size must be a whole number from 1 to 100." })
      .int({ error: "Page size must be a whole number from 1 to 100." })
      .min(1, { error: "Page size must be a whole number from 1 to 100." })
      .max(100, { error: "Page size must be a whole number from 1 to 100." })
      .default(20),
    sort: z.enum(SERVICE_SORT_FIELDS).default("createdAt"),
    order: z.enum(["asc", "desc"]).default("desc"),
  })
  .describe("Search, filter and paginate services.");
export type ListServicesQuery = z.output<typeof ListServicesQuerySchema>;

export const PoolRefSchema = z.object({ id: z.string(), name: z.string() });

export const ServiceSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    state: ServiceStateSchema,
    stateReason: z.string().nullable().describe("Why the service is in its state, e.g. which instance failed which check."),
    poolType: PoolTypeSchema,
    pools: z.array(PoolRefSchema).describe("Where it runs: the public pool, or one or two dedicated pools."),
    multiPoolLoadBalancing: z.boolean(),
    websocket: z.boolean(),
    applicationName: z.string(),
    versions: z.array(z.object({ versionId: z.string(), version: z.string(), trafficRatio: z.int() })),
    autoStopAt: isoTimestamp("When the service will stop itself (R17)").nullable(),
    createdAt: isoTimestamp("Creation time"),
    updatedAt: isoTimestamp("Last change"),
  })
  .describe("A service as listed.");
export type ServiceSummary = z.infer<typeof ServiceSummarySchema>;

export const ServiceListSchema = z
  .object({
    items: z.array(ServiceSummarySchema),
    total: z.int().describe("Services matching the query."),
    page: z.int(),
    pageSize: z.int(),
    limit: z.int().describe("Maximum services per user (20)."),
    count: z.int().describe("The user's services in every state, counted against the limit."),
  })
  .describe("A page of services.");
export type ServiceList = z.infer<typeof ServiceListSchema>;

export const DesiredStateSchema = z
  .enum(["Running", "Stopped", "Deleted"])
  .describe("What the reconciler drives the service towards.");
export type DesiredState = z.infer<typeof DesiredStateSchema>;

export const ServiceConfigurationSchema = z.object({
  id: z.string(),
  versionId: z.string(),
  version: z.string(),
  applicationName: z.string(),
  trafficRatio: z.int(),
  flavorId: z.string(),
  flavorName: z.string(),
  computeNodes: z.int(),
  envVars: z
    .array(
      z.object({
        key: z.string(),
        value: z.literal(MASKED_ENV_VAR_VALUE).describe("Always masked: values are encrypted at rest and only the instances see them."),
      }),
    )
    .describe("Environment variable names; values are write-only."),
  ...howToCall,
  protocol: versionBuildFields.protocol.describe(
    'How the version is called: "rts-json" at POST /v1/infers/{serviceId}; "oip-v2" also at /v1/infers/{serviceId}/v2/models/{applicationName}/infer.',
  ),
});
export type ServiceConfiguration = z.infer<typeof ServiceConfigurationSchema>;

export const ServiceInstanceSchema = z.object({
  id: z.string(),
  configurationId: z.string().nullable().describe("Null while an instance of a removed version drains."),
  versionId: z.string(),
  version: z.string().describe("The AI application version it runs."),
  serving: z.boolean().describe("Whether the gateway sends it calls: new instances of an update wait until all are healthy; replaced ones drain."),
  draining: z.boolean().describe("Replaced by a change; it finishes its calls, then stops."),
  poolId: z.string(),
  poolName: z.string(),
  state: z.string().describe("Runtime state of the instance."),
  restarts: z.int(),
  port: z.int().nullable(),
  startedAt: isoTimestamp("Start time").nullable(),
  lastOutput: z.string().nullable().describe("Last lines the model server printed, to explain failures."),
});
export type ServiceInstance = z.infer<typeof ServiceInstanceSchema>;

/** The newest events a service's details carry; older ones are not listed. */
export const SERVICE_DETAIL_EVENT_LIMIT = 200;

export const ServiceEventSchema = z.object({
  id: z.string(),
  at: isoTimestamp("Event time"),
  type: z.string(),
  fromState: ServiceStateSchema.nullable(),
  toState: ServiceStateSchema.nullable(),
  reason: z.string(),
});
export type ServiceEvent = z.infer<typeof ServiceEventSchema>;

export const TrafficSplitSchema = z
  .array(z.object({ versionId: z.string(), trafficRatio: z.int().min(0).max(100) }))
  .describe("Percent of calls per version.");
export type TrafficSplit = z.infer<typeof TrafficSplitSchema>;

export const ServiceDetailSchema = ServiceSummarySchema.extend({
  revision: z.int().describe("R16: bumped by every change; send it back as If-Match (the ETag) when modifying."),
  routing: TrafficSplitSchema.describe("The split the gateway routes by now; differs from the configurations' ratios while an update or a rollout is under way."),
  autoStop: AutoStopSchema.nullable().describe("R17 as set; free specifications stop after 1 hour regardless."),
  timeoutMinutes: z.int(),
  deadline: isoTimestamp(
    "While Deploying or Updating: when the timeout (R9) runs out, failing the deploy or rolling the update back; null otherwise",
  ).nullable(),
  dataCollection: DataCollectionSchema,
  trafficLimit: TrafficLimitSchema.nullable(),
  desiredState: DesiredStateSchema,
  configurations: z.array(ServiceConfigurationSchema),
  instances: z.array(ServiceInstanceSchema),
  events: z.array(ServiceEventSchema).describe(`The newest ${SERVICE_DETAIL_EVENT_LIMIT} events, newest first.`),
}).describe("A service with its configuration, instances and events.");
export type ServiceDetail = z.infer<typeof ServiceDetailSchema>;

export const QuotaHolderSchema = z.object({
  kind: z.enum(["service", "pool"]),
  id: z.string(),
  name: z.string(),
  amount: ResourceAmountSchema,
});

export const QuotaReportSchema = z
  .object({
    limit: ResourceAmountSchema,
    used: ResourceAmountSchema,
    left: ResourceAmountSchema,
    holders: z.array(QuotaHolderSchema).describe("Public-pool services (every state) and dedicated pools holding quota."),
  })
  .describe("The user's quota and what holds it.");
export type QuotaReport = z.infer<typeof QuotaReportSchema>;

export const REVISION_ORIGINS = ["deploy", "modify", "restore", "rollback", "rollout"] as const;
export const REVISION_OUTCOMES = ["Applying", "Applied", "RolledBack", "Superseded"] as const;

export const ServiceRevisionSchema = z
  .object({
    number: z.int(),
    createdAt: isoTimestamp("When the change was asked for"),
    origin: z.enum(REVISION_ORIGINS).describe("What made it: a deploy, a modify, a restore, an automatic rollback, or a finished rollout."),
    changes: z.array(ServiceChangeSchema).describe("What changed against the revision before."),
    restarts: z.boolean().describe("Whether it replaced running instances."),
    outcome: z.enum(REVISION_OUTCOMES),
    reason: z.string().nullable().describe("Why it was rolled back, or what it restored."),
    current: z.boolean().describe("The revision the service is at."),
  })
  .describe("One numbered change of a service (R16).");
export type ServiceRevision = z.infer<typeof ServiceRevisionSchema>;

export const ServiceRevisionListSchema = z
  .object({ items: z.array(ServiceRevisionSchema).describe("Newest first.") })
  .describe("A service's revisions.");
export type ServiceRevisionList = z.infer<typeof ServiceRevisionListSchema>;

export const RestoreRevisionRequestSchema = z
  .strictObject({
    revision: z.int({ error: "revision must be the service's current revision number." }).min(1).optional()
      .describe("The service's current revision (instead of If-Match)."),
  })
  .describe("Restore an earlier revision through the same rolling path as a modify.");

// ---------------------------------------------------------------------------------------------
// Progressive traffic shift (rollouts).

export const ROLLOUT_STEP_MIN = 1;
export const ROLLOUT_STEP_MAX = 100;
export const ROLLOUT_BAKE_MIN_SECONDS = 5;
export const ROLLOUT_BAKE_MAX_SECONDS = 3600;

export const ROLLOUT_MESSAGES = {
  stepPercent: `Step must be a whole number of points from ${ROLLOUT_STEP_MIN} to ${ROLLOUT_STEP_MAX}.`,
  bakeSeconds: `Bake time must be a whole number of seconds from ${ROLLOUT_BAKE_MIN_SECONDS} to ${ROLLOUT_BAKE_MAX_SECONDS}.`,
  targetRatios: "Target ratios must list every version of the service once, with whole percents adding up to 100.",
  errorRate: "Error rate limits are percent points from 0 to 100.",
  p99: "p99 latency limits are whole milliseconds from 1 to 600000.",
  factor: "A factor against the baseline is a number from 1 to 100.",
  minCalls: "Minimum calls per step is a whole number from 0 to 100000.",
} as const;

export const RolloutGuardsSchema = z
  .strictObject({
    maxErrorRatePercent: z.number({ error: ROLLOUT_MESSAGES.errorRate }).min(0, { error: ROLLOUT_MESSAGES.errorRate }).max(100, { error: ROLLOUT_MESSAGES.errorRate }).optional()
      .describe("Absolute: the new version's 5xx rate over a bake window may not exceed this."),
    maxP99Ms: z.int({ error: ROLLOUT_MESSAGES.p99 }).min(1, { error: ROLLOUT_MESSAGES.p99 }).max(600_000, { error: ROLLOUT_MESSAGES.p99 }).optional()
      .describe("Absolute: the new version's p99 latency over a bake window may not exceed this."),
    maxErrorRateVsBaseline: z.number({ error: ROLLOUT_MESSAGES.factor }).min(1, { error: ROLLOUT_MESSAGES.factor }).max(100, { error: ROLLOUT_MESSAGES.factor }).optional()
      .describe("Relative: the new version's 5xx rate may not exceed the baseline's times this (plus 1 point)."),
    maxP99VsBaseline: z.number({ error: ROLLOUT_MESSAGES.factor }).min(1, { error: ROLLOUT_MESSAGES.factor }).max(100, { error: ROLLOUT_MESSAGES.factor }).optional()
      .describe("Relative: the new version's p99 may not exceed the baseline's times this."),
    minCalls: z.int({ error: ROLLOUT_MESSAGES.minCalls }).min(0, { error: ROLLOUT_MESSAGES.minCalls }).max(100_000, { error: ROLLOUT_MESSAGES.minCalls }).default(10)
      .describe("A step is judged only once the new version got this many calls in the window; until then it keeps baking."),
  })
  .describe("What breaks a rollout. Judged by the gateway's own per-version measurements over each bake window.");
export type RolloutGuards = z.output<typeof RolloutGuardsSchema>;

export const StartRolloutRequestSchema = z
  .strictObject({
    targetRatios: TrafficSplitSchema.describe("Where traffic ends up: every version of the service once, adding up to 100."),
    stepPercent: z.int({ error: ROLLOUT_MESSAGES.stepPercent }).min(ROLLOUT_STEP_MIN, { error: ROLLOUT_MESSAGES.stepPercent }).max(ROLLOUT_STEP_MAX, { error: ROLLOUT_MESSAGES.stepPercent })
      .describe("Points of traffic moved towards the target at each step, e.g. 10."),
    bakeSeconds: z.int({ error: ROLLOUT_MESSAGES.bakeSeconds }).min(ROLLOUT_BAKE_MIN_SECONDS, { error: ROLLOUT_MESSAGES.bakeSeconds }).max(ROLLOUT_BAKE_MAX_SECONDS, { error: ROLLOUT_MESSAGES.bakeSeconds })
      .describe("How long each step runs before the guards judge it."),
    baselineVersionId: z.string().optional().describe("The version guards compare against; by default the one losing the most traffic."),
    guards: RolloutGuardsSchema.default({ minCalls: 10 }),
    revision: z.int().min(1).optional().describe("The service's current revision (instead of If-Match)."),
  })
  .describe("Start a progressive traffic shift with automatic rollback.");
export type StartRolloutRequest = z.output<typeof StartRolloutRequestSchema>;

export const ROLLOUT_STATES = ["Running", "Paused", "Completed", "RolledBack", "Aborted"] as const;
export const RolloutStateSchema = z.enum(ROLLOUT_STATES);
export type RolloutState = z.infer<typeof RolloutStateSchema>;

export const RolloutMeasurementSchema = z.object({
  versionId: z.string(),
  calls: z.int(),
  errors: z.int(),
  errorRatePercent: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type RolloutMeasurement = z.infer<typeof RolloutMeasurementSchema>;

export const RolloutStepSchema = z.object({
  step: z.int(),
  at: isoTimestamp("When the step ended"),
  ratios: TrafficSplitSchema,
  measurements: z.array(RolloutMeasurementSchema),
  verdict: z.string().describe("What the guards said, in words."),
});
export type RolloutStep = z.infer<typeof RolloutStepSchema>;

export const RolloutSchema = z
  .object({
    id: z.string(),
    serviceId: z.string(),
    state: RolloutStateSchema,
    startRatios: TrafficSplitSchema,
    targetRatios: TrafficSplitSchema,
    currentRatios: TrafficSplitSchema,
    stepPercent: z.int(),
    bakeSeconds: z.int(),
    baselineVersionId: z.string(),
    guards: RolloutGuardsSchema,
    step: z.int().describe("The step traffic is at now, from 1: the first step is taken when the rollout starts (a version still at its starting share could not be judged); every step bakes, the last one included."),
    stepStartedAt: isoTimestamp("When the current step started"),
    history: z.array(RolloutStepSchema).describe("Steps that ended, oldest first: passed, or the one whose guard broke."),
    reason: z.string().nullable().describe("Why it ended: which guard broke and by how much, or who promoted or aborted it."),
    createdAt: isoTimestamp("Start"),
    finishedAt: isoTimestamp("End").nullable(),
  })
  .describe("A progressive traffic shift.");
export type Rollout = z.infer<typeof RolloutSchema>;

export const ROLLOUT_ACTIONS = ["pause", "resume", "promote", "abort"] as const;

export { DeployPreviewSchema, type DeployPreview } from "./rules/validate-deploy-request.ts";
