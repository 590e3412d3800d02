import { z } from "zod";

// The catalogue is what the deploy rules check against: flavors, pools, versions and quota.
// These shapes are produced by the API (from the database) and read by the wizard, so they
// stay plain JSON (no Dates, no transforms) and can be embedded in OpenAPI responses.

export const FlavorKindSchema = z.enum(["CPU", "GPU"]).describe("Node type of the flavor.");
export type FlavorKind = z.infer<typeof FlavorKindSchema>;

export const FlavorSchema = z
  .object({
    id: z.string().describe("Flavor ID."),
    name: z.string().describe("Display name, e.g. 'CPU: 2 vCPUs | 8 GiB'."),
    kind: FlavorKindSchema,
    vcpus: z.int().min(0).describe("vCPUs per node."),
    memoryGiB: z.int().min(0).describe("Memory per node in GiB."),
    gpus: z.int().min(0).describe("GPUs per node."),
    available: z
      .boolean()
      .describe("False means the flavor is shown in gray: listed but not usable in this environment."),
    free: z.boolean().describe("Free flavors are not billed and do not support gray launch (one version only)."),
    inPublicPool: z.boolean().describe("Whether the public resource pool offers this flavor."),
    pricePerHourCents: z.int().min(0).describe("Price per node per hour, in cents."),
  })
  .describe("A specification (flavor) that compute nodes can have.");
export type Flavor = z.infer<typeof FlavorSchema>;

export const POOL_TYPES = ["public", "dedicated"] as const;
export const PoolTypeSchema = z.enum(POOL_TYPES).describe("Public (shared) or dedicated resource pool.");
export type PoolType = z.infer<typeof PoolTypeSchema>;

export const PoolGenerationSchema = z
  .enum(["old", "new"])
  .describe("Dedicated pool generation; multi-pool load balancing needs two pools of the same generation.");
export type PoolGeneration = z.infer<typeof PoolGenerationSchema>;

export const POOL_STATES = ["Creating", "Running", "Scaling", "Abnormal", "Deleting"] as const;
export const PoolCapacitySchema = z
  .object({
    vcpus: z.int().min(0).describe("vCPUs the runtime has."),
    memoryGiB: z.int().min(0).describe("Memory the runtime has, in GiB."),
    freeVcpus: z.int().describe("vCPUs not held by running or starting services."),
    freeMemoryGiB: z.int().describe("Memory not held by running or starting services, in GiB."),
  })
  .describe("What the machine behind the public pool can still run; instances are never overcommitted.");
export type PoolCapacity = z.infer<typeof PoolCapacitySchema>;

export const PoolStateSchema = z.enum(POOL_STATES).describe("Only Running pools accept new services.");
export type PoolState = z.infer<typeof PoolStateSchema>;

export const PoolSchema = z
  .object({
    id: z.string().describe("Pool ID."),
    name: z.string().describe("Pool name."),
    type: PoolTypeSchema,
    flavorIds: z
      .array(z.string())
      .describe("Flavors this pool offers: every public flavor for the public pool, its single flavor for a dedicated pool."),
    nodeCount: z.int().min(0).describe("Nodes in the pool."),
    freeNodes: z
      .int()
      .min(0)
      .describe("Nodes not yet used by services (dedicated); a large number for the public pool, which is bounded by quota."),
    generation: PoolGenerationSchema.nullable().describe("Null for the public pool."),
    state: PoolStateSchema,
    capacity: PoolCapacitySchema.nullable()
      .optional()
      .describe("The public pool: the runtime's CPUs and memory and what services leave free (R7). Absent when not measured."),
  })
  .describe("A resource pool services can be deployed to.");
export type Pool = z.infer<typeof PoolSchema>;

export const APP_VERSION_STATES = ["Normal", "Building", "Failed", "Deleting"] as const;
export const AppVersionStateSchema = z.enum(APP_VERSION_STATES).describe("Only Normal versions can be deployed.");
export type AppVersionState = z.infer<typeof AppVersionStateSchema>;

export const AppVersionSourceSchema = z
  .enum(["container_image", "model_package", "model_file"])
  .describe("Where the version comes from: a container image, a model package (archive with a manifest), or a model file (.onnx) for the built-in runtime.");
export type AppVersionSource = z.infer<typeof AppVersionSourceSchema>;

export const AppVersionSchema = z
  .object({
    id: z.string().describe("Version ID."),
    applicationId: z.string().describe("AI application ID."),
    applicationName: z.string().describe("AI application name."),
    version: z.string().describe("Version label, e.g. '1.0.0'."),
    state: AppVersionStateSchema,
    source: AppVersionSourceSchema,
    websocket: z.boolean().describe("Whether the version is WebSocket-compliant."),
    websocketOnly: z
      .boolean()
      .describe("Whether the version speaks only WebSocket (plain HTTP calls get 426); it can only be deployed with WebSocket on (R10)."),
  })
  .describe("A version of one of the user's own AI applications.");
export type AppVersion = z.infer<typeof AppVersionSchema>;

export const ResourceAmountSchema = z
  .object({
    vcpus: z.int().describe("vCPUs."),
    memoryGiB: z.int().describe("Memory in GiB."),
    gpus: z.int().describe("GPUs."),
  })
  .describe("An amount of compute resources.");
export type ResourceAmount = z.infer<typeof ResourceAmountSchema>;

export const QuotaSchema = z
  .object({
    limit: ResourceAmountSchema.describe("The user's quota."),
    used: ResourceAmountSchema.describe("Held by public-pool services (in every state) and dedicated pools."),
  })
  .describe("The user's resource quota.");
export type Quota = z.infer<typeof QuotaSchema>;

export const ZERO_AMOUNT: ResourceAmount = Object.freeze({ vcpus: 0, memoryGiB: 0, gpus: 0 });
