// Reads the environment once; the rest of the app receives a typed config and never touches
// process.env, so no module can log an env var by accident.
import { z } from "zod";

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO_DATA: z.enum(["true", "false"]).optional(),
  COOKIE_SECURE: z.enum(["true", "false", "auto"]).default("auto"),
  // Checked here only for shape; the message never repeats the value.
  ENV_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, "base64").length === 32, { error: "must be the base64 encoding of 32 random bytes" })
    .optional(),
  DATA_COLLECTION_MAX_SAMPLES_PER_SERVICE: z.coerce.number().int().min(1).default(10_000),
  DATA_COLLECTION_MAX_MIB_PER_SERVICE: z.coerce.number().int().min(1).default(50),
  DATA_COLLECTION_BUFFER_MAX_SAMPLES: z.coerce.number().int().min(1).default(5_000),
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
  /** Seals environment variable values at rest; unset: a key generated into the data folder. */
  envEncryptionKey: string | undefined;
  /** Bounds of data collection (R11): per service in the database, and waiting in memory. */
  sampleLimits: { maxSamplesPerService: number; maxBytesPerService: number; bufferMaxSamples: number };
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
    envEncryptionKey: c.ENV_ENCRYPTION_KEY,
    sampleLimits: {
      maxSamplesPerService: c.DATA_COLLECTION_MAX_SAMPLES_PER_SERVICE,
      maxBytesPerService: c.DATA_COLLECTION_MAX_MIB_PER_SERVICE * 1024 * 1024,
      bufferMaxSamples: c.DATA_COLLECTION_BUFFER_MAX_SAMPLES,
    },
  };
}
