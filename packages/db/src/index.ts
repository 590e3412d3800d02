export { createPrismaClient, PrismaClient, Prisma } from "./client.ts";
export * from "./generated/prisma/enums.ts";
export { hashPassword, verifyPassword, secretDigest, newSecret } from "./credentials.ts";
export { openDatabase, defaultDataDir, type Database, type DatabaseOptions } from "./database.ts";
export { startEmbeddedPostgres, freePort, EmbeddedPostgresStartError, type EmbeddedPostgresHandle } from "./embedded-postgres.ts";
export { stopLeftoverPostgres, LeftoverPostgresError } from "./leftover-postgres.ts";
export { applyMigrations } from "./schema-engine.ts";
export { seedDemoData, DEMO_API_TOKEN, DEMO_USERS, SPECIFICATIONS, PUBLIC_POOL_NAME } from "./seed.ts";
export { repoRoot } from "./paths.ts";
