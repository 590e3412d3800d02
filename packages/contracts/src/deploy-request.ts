import { z } from "zod";
import { NAME_MESSAGES, DESCRIPTION_MESSAGES, NAME_MAX_LENGTH, NAME_PATTERN, DESCRIPTION_MAX_LENGTH } from "./rules/r02-name.ts";
import { RESOURCE_POOL_MESSAGES } from "./rules/r03-resource-pool.ts";
import { MULTI_POOL_MESSAGES } from "./rules/r04-multi-pool.ts";
import {
  CONFIGURATIONS_MAX,
  CONFIGURATIONS_MIN,
  ID_MAX_LENGTH,
  TRAFFIC_RATIO_MAX,
  TRAFFIC_RATIO_MIN,
  VERSION_MESSAGES,
} from "./rules/r05-versions.ts";
import { SPECIFICATION_MESSAGES } from "./rules/r06-specifications.ts";
import { COMPUTE_NODES_MAX, COMPUTE_NODES_MESSAGES, COMPUTE_NODES_MIN } from "./rules/r07-compute-nodes.ts";
import {
  ENV_VAR_KEY_MAX_LENGTH,
  ENV_VAR_KEY_PATTERN,
  ENV_VAR_MESSAGES,
  ENV_VAR_VALUE_MAX_LENGTH,
  ENV_VARS_MAX_COUNT,
  isReservedEnvVarKey,
} from "./rules/r08-environment-variables.ts";
import { TIMEOUT_DEFAULT_MINUTES, TIMEOUT_MAX_MINUTES, TIMEOUT_MESSAGE, TIMEOUT_MIN_MINUTES } from "./rules/r09-timeout.ts";
import { WEBSOCKET_MESSAGES } from "./rules/r10-websocket.ts";
import {
  DATA_COLLECTION_MESSAGES,
  REQUESTS_PER_SECOND_MAX,
  REQUESTS_PER_SECOND_MIN,
  RETENTION_DAYS_MAX,
  RETENTION_DAYS_MIN,
  SAMPLING_PERCENT_MAX,
  SAMPLING_PERCENT_MIN,
  TRAFFIC_LIMIT_MESSAGES,
} from "./rules/r11-data-collection.ts";
import { AutoStopSchema } from "./rules/r17-auto-stop.ts";

// The body of POST /api/v1/services. It is structural on purpose: everything here must turn
// into JSON Schema for OpenAPI (no transforms or refinements), so cross-field and contextual
// rules live in src/rules and run in validateDeployRequest. Every error text is a rule
// message, so a schema failure and a rule failure read the same. Objects are strict so a
// misspelled field is reported instead of silently ignored.

/** An integer field whose every failure (type, fraction, range) has one fix and one message. */
function intInRange(min: number, max: number, message: string) {
  return z.int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

export const EnvVarSchema = z
  .strictObject(
    {
      key: z
        .string({ error: ENV_VAR_MESSAGES.keyRequired })
        .min(1, { error: ENV_VAR_MESSAGES.keyRequired, abort: true })
        .max(ENV_VAR_KEY_MAX_LENGTH, { error: ENV_VAR_MESSAGES.keyTooLong, abort: true })
        .regex(ENV_VAR_KEY_PATTERN, { error: ENV_VAR_MESSAGES.keyFormat, abort: true })
        // Also checked here, not only in the R8 rule, so it is reported with every other field error.
        .refine((key) => !isReservedEnvVarKey(key), { error: (iss) => ENV_VAR_MESSAGES.keyReserved(String(iss.input)) })
        .describe(
          "Variable name: a letter or _, then letters, digits or _. PATH, PORT, HOST, MODEL_VERSION and names starting with NODE_, LD_ or RTS_ (any case) are reserved.",
        ),
      value: z
        .string({ error: ENV_VAR_MESSAGES.valueNotText })
        .max(ENV_VAR_VALUE_MAX_LENGTH, { error: ENV_VAR_MESSAGES.valueTooLong })
        .describe("Variable value. Never logged; do not put secrets here."),
    },
    { error: ENV_VAR_MESSAGES.notPair },
  )
  .describe("An environment variable injected into every instance.");
export type EnvVarInput = z.input<typeof EnvVarSchema>;

export const VersionConfigurationSchema = z
  .strictObject(
    {
      versionId: z
        .string({ error: VERSION_MESSAGES.versionRequired })
        .min(1, { error: VERSION_MESSAGES.versionRequired, abort: true })
        .max(ID_MAX_LENGTH, { error: VERSION_MESSAGES.versionNotFound })
        .describe("ID of a Normal version of one of your AI applications."),
      trafficRatio: intInRange(TRAFFIC_RATIO_MIN, TRAFFIC_RATIO_MAX, VERSION_MESSAGES.trafficRatio).describe(
        "Percent of calls routed to this version; all ratios add up to 100.",
      ),
      flavorId: z
        .string({ error: SPECIFICATION_MESSAGES.required })
        .min(1, { error: SPECIFICATION_MESSAGES.required, abort: true })
        .max(ID_MAX_LENGTH, { error: SPECIFICATION_MESSAGES.notFound })
        .describe("Specification (flavor) of each compute node."),
      computeNodes: intInRange(COMPUTE_NODES_MIN, COMPUTE_NODES_MAX, COMPUTE_NODES_MESSAGES.range).describe(
        "Instances of this version: 1 = standalone, more = distributed.",
      ),
      envVars: z
        .array(EnvVarSchema, { error: ENV_VAR_MESSAGES.notList })
        .max(ENV_VARS_MAX_COUNT, { error: ENV_VAR_MESSAGES.tooMany })
        .default([])
        .describe("Environment variables; names unique, at most 50, 32768 characters in total."),
    },
    { error: VERSION_MESSAGES.configurationNotObject },
  )
  .describe("One AI application version and how it runs.");
export type VersionConfiguration = z.output<typeof VersionConfigurationSchema>;
export type VersionConfigurationInput = z.input<typeof VersionConfigurationSchema>;

export const PublicPoolChoiceSchema = z
  .strictObject({ type: z.literal("public").describe("The shared public pool (CPU and GPU flavors).") })
  .describe("Deploy to the public resource pool; the service holds quota.");

export const DedicatedPoolChoiceSchema = z
  .strictObject({
    type: z.literal("dedicated").describe("Your own dedicated resource pool(s)."),
    poolIds: z
      .array(
        z
          .string({ error: RESOURCE_POOL_MESSAGES.poolIdNotText })
          .max(ID_MAX_LENGTH, { error: RESOURCE_POOL_MESSAGES.poolNotFound }),
        { error: RESOURCE_POOL_MESSAGES.poolIdsNotList },
      )
      .describe("One pool ID, or two with multi-pool load balancing."),
  })
  .describe("Deploy to dedicated pool(s); the service holds no quota.");

export const ResourcePoolChoiceSchema = z
  .discriminatedUnion("type", [PublicPoolChoiceSchema, DedicatedPoolChoiceSchema], {
    error: RESOURCE_POOL_MESSAGES.choose,
  })
  .describe("Where the service runs.");
export type ResourcePoolChoice = z.output<typeof ResourcePoolChoiceSchema>;

export const DataCollectionSchema = z
  .strictObject(
    {
      enabled: z.boolean({ error: DATA_COLLECTION_MESSAGES.enabledNotBoolean }).describe("Collect call data."),
      samplingPercent: intInRange(SAMPLING_PERCENT_MIN, SAMPLING_PERCENT_MAX, DATA_COLLECTION_MESSAGES.samplingPercent)
        .optional()
        .describe("Percent of calls to store; required when enabled."),
      retentionDays: intInRange(RETENTION_DAYS_MIN, RETENTION_DAYS_MAX, DATA_COLLECTION_MESSAGES.retentionDays)
        .optional()
        .describe("Days to keep collected data; required when enabled."),
    },
    { error: DATA_COLLECTION_MESSAGES.notObject },
  )
  .describe("Data collection rules; off by default.");
export type DataCollection = z.output<typeof DataCollectionSchema>;

export const TrafficLimitSchema = z
  .strictObject(
    {
      requestsPerSecond: intInRange(
        REQUESTS_PER_SECOND_MIN,
        REQUESTS_PER_SECOND_MAX,
        TRAFFIC_LIMIT_MESSAGES.requestsPerSecond,
      ).describe("Maximum calls per second."),
    },
    { error: TRAFFIC_LIMIT_MESSAGES.notObject },
  )
  .describe("Calls above this rate are refused with 429.");
export type TrafficLimit = z.output<typeof TrafficLimitSchema>;

export const DeployServiceRequestSchema = z
  .strictObject({
    name: z
      .string({ error: (iss) => (iss.input === undefined ? NAME_MESSAGES.required : NAME_MESSAGES.notText) })
      .min(1, { error: NAME_MESSAGES.required, abort: true })
      .max(NAME_MAX_LENGTH, { error: NAME_MESSAGES.tooLong, abort: true })
      .regex(NAME_PATTERN, { error: NAME_MESSAGES.format })
      .describe("Service name, unique per user: a letter, then letters, digits, - or _ (1-64)."),
    description: z
      .string({ error: DESCRIPTION_MESSAGES.notText })
      .max(DESCRIPTION_MAX_LENGTH, { error: DESCRIPTION_MESSAGES.tooLong })
      .default("")
      .describe("Brief description (at most 100 characters)."),
    resourcePool: ResourcePoolChoiceSchema,
    multiPoolLoadBalancing: z
      .boolean({ error: MULTI_POOL_MESSAGES.notBoolean })
      .default(false)
      .describe("Spread instances and traffic evenly over two equivalent dedicated pools."),
    configurations: z
      .array(VersionConfigurationSchema, { error: VERSION_MESSAGES.noConfigurations })
      .min(CONFIGURATIONS_MIN, { error: VERSION_MESSAGES.noConfigurations })
      .max(CONFIGURATIONS_MAX, { error: VERSION_MESSAGES.tooManyConfigurations })
      .describe("AI application versions (same application) with their traffic ratios; 1-10."),
    timeoutMinutes: intInRange(TIMEOUT_MIN_MINUTES, TIMEOUT_MAX_MINUTES, TIMEOUT_MESSAGE)
      .default(TIMEOUT_DEFAULT_MINUTES)
      .describe("Deployment plus startup must finish within this many minutes (3-120)."),
    websocket: z
      .boolean({ error: WEBSOCKET_MESSAGES.notBoolean })
      .default(false)
      .describe("Deploy as a WebSocket service; cannot be changed later."),
    dataCollection: DataCollectionSchema.default({ enabled: false }),
    trafficLimit: TrafficLimitSchema.nullable().default(null).describe("Null for no limit."),
    autoStop: AutoStopSchema.nullable().default(null),
  })
  .describe("Deploy a real-time service.");

/** The parsed request (defaults applied); what the rules and the API work with. */
export type DeployServiceRequest = z.output<typeof DeployServiceRequestSchema>;
/** What a client may send (defaulted fields optional); what the wizard's form holds. */
export type DeployServiceRequestInput = z.input<typeof DeployServiceRequestSchema>;
