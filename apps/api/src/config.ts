// Reads the environment once; the rest of the app receives a typed config and never touches
// process.env, so no module can log an env var by accident.
import { isIP } from "node:net";
import { z } from "zod";
import type { S3ArtifactSettings } from "./modules/model-artifacts/s3-artifact-store.ts";
import type { RuntimeSettings } from "./runtime/select-runtime-driver.ts";

/** "a, b,,c" -> ["a", "b", "c"] */
function commaList(value: string): string[] {
  return value.split(",").map((item) => item.trim()).filter(Boolean);
}

function isAddressOrCidr(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function isOrigin(entry: string): boolean {
  try {
    const url = new URL(entry);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === entry;
  } catch {
    return false;
  }
}

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO_DATA: z.enum(["true", "false"]).optional(),
  COOKIE_SECURE: z.enum(["true", "false", "auto"]).default("auto"),
  RUNTIME_DRIVER: z.enum(["auto", "container", "process"]).default("auto"),
  CONTAINER_ENGINE_SOCKET: z.string().min(1).optional(),
  DOCKER_HOST: z.string().min(1).optional(),
  PUBLIC_POOL_VCPUS: z.coerce.number().int().min(1).optional(),
  PUBLIC_POOL_MEMORY_GIB: z.coerce.number().int().min(1).optional(),
  TRUSTED_PROXIES: z
    .string()
    .transform(commaList)
    .refine((entries) => entries.every(isAddressOrCidr), { error: "must be comma-separated IP addresses or CIDR ranges, e.g. 10.0.0.1,192.168.0.0/16" })
    .default([]),
  ALLOWED_ORIGINS: z
    .string()
    .transform(commaList)
    .refine((entries) => entries.every(isOrigin), { error: "must be comma-separated origins without a path, e.g. https://console.example.com" })
    .default([]),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  METERING_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  RESYNC_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  METRICS_TOKEN: z.string().min(16, { error: "must be at least 16 characters" }).optional(),
  // Checked here only for shape; the message never repeats the value.
  ENV_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, "base64").length === 32, { error: "must be the base64 encoding of 32 random bytes" })
    .optional(),
  DATA_COLLECTION_MAX_SAMPLES_PER_SERVICE: z.coerce.number().int().min(1).default(10_000),
  DATA_COLLECTION_MAX_MIB_PER_SERVICE: z.coerce.number().int().min(1).default(50),
  DATA_COLLECTION_BUFFER_MAX_SAMPLES: z.coerce.number().int().min(1).default(5_000),
  ARTIFACT_S3_BUCKET: z.string().min(1).optional(),
  ARTIFACT_S3_ENDPOINT: z
    .string()
    .refine((value) => isHttpUrl(value), { error: "must be an http(s) URL, e.g. http://127.0.0.1:9000" })
    .optional(),
  ARTIFACT_S3_REGION: z.string().min(1).default("us-east-1"),
  ARTIFACT_S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("false"),
}).superRefine((c, ctx) => {
  // An endpoint without a bucket would silently keep artifacts on local disk.
  if (c.ARTIFACT_S3_ENDPOINT && !c.ARTIFACT_S3_BUCKET) {
    ctx.addIssue({ code: "custom", path: ["ARTIFACT_S3_BUCKET"], message: "must be set when ARTIFACT_S3_ENDPOINT is" });
  }
});

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string | undefined;
  logLevel: string;
  /** Demo data goes into the embedded database by default, and elsewhere only when asked. */
  seedDemoData: boolean;
  cookieSecure: boolean | "auto";
  runtime: RuntimeSettings;
  /** Overrides of the runtime's measured capacity, for a public pool sized on purpose (e.g. CI). */
  publicPoolCapacity: { vcpus?: number; memoryGiB?: number };
  /** Proxies whose X-Forwarded-* headers are believed; none by default, so a client cannot pick its own address. */
  trustedProxies: string[];
  /** Origins besides the request's own host that may send cookie-authenticated state changes. */
  allowedOrigins: string[];
  /** Loopback port serving Prometheus text; 0 turns it off. */
  metricsPort: number;
  /** When set, GET /metrics on the public port answers a scraper that sends it as a bearer token. */
  metricsToken: string | undefined;
  /** Seals environment variable values at rest; unset: a key generated into the data folder. */
  envEncryptionKey: string | undefined;
  /** Bounds of data collection (R11): per service in the database, and waiting in memory. */
  sampleLimits: { maxSamplesPerService: number; maxBytesPerService: number; bufferMaxSamples: number };
  /** Uploaded model files go to this bucket when ARTIFACT_S3_BUCKET is set, else under the data folder. */
  artifactS3: S3ArtifactSettings | undefined;
  /** How often the deploy worker records metering (R13), and looks for changes it was not woken for. */
  worker: { meteringIntervalMs: number; resyncIntervalMs: number };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable (common in compose files and CI) means "not set".
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = ConfigSchema.safeParse(set);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${fields.join("; ")}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    logLevel: c.LOG_LEVEL,
    seedDemoData: c.SEED_DEMO_DATA ? c.SEED_DEMO_DATA === "true" : !c.DATABASE_URL,
    cookieSecure: c.COOKIE_SECURE === "auto" ? "auto" : c.COOKIE_SECURE === "true",
    runtime: { choice: c.RUNTIME_DRIVER, engineSocket: c.CONTAINER_ENGINE_SOCKET, dockerHost: c.DOCKER_HOST },
    publicPoolCapacity: {
      ...(c.PUBLIC_POOL_VCPUS ? { vcpus: c.PUBLIC_POOL_VCPUS } : {}),
      ...(c.PUBLIC_POOL_MEMORY_GIB ? { memoryGiB: c.PUBLIC_POOL_MEMORY_GIB } : {}),
    },
    trustedProxies: c.TRUSTED_PROXIES,
    allowedOrigins: c.ALLOWED_ORIGINS,
    metricsPort: c.METRICS_PORT,
    metricsToken: c.METRICS_TOKEN,
    envEncryptionKey: c.ENV_ENCRYPTION_KEY,
    sampleLimits: {
      maxSamplesPerService: c.DATA_COLLECTION_MAX_SAMPLES_PER_SERVICE,
      maxBytesPerService: c.DATA_COLLECTION_MAX_MIB_PER_SERVICE * 1024 * 1024,
      bufferMaxSamples: c.DATA_COLLECTION_BUFFER_MAX_SAMPLES,
    },
    worker: { meteringIntervalMs: c.METERING_INTERVAL_SECONDS * 1000, resyncIntervalMs: c.RESYNC_INTERVAL_SECONDS * 1000 },
    artifactS3: c.ARTIFACT_S3_BUCKET
      ? {
          bucket: c.ARTIFACT_S3_BUCKET,
          endpoint: c.ARTIFACT_S3_ENDPOINT,
          region: c.ARTIFACT_S3_REGION,
          forcePathStyle: c.ARTIFACT_S3_FORCE_PATH_STYLE === "true",
        }
      : undefined,
  };
}
