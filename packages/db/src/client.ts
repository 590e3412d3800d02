import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export { Prisma } from "./generated/prisma/client.ts";
export { PrismaClient };

// pg closes a connection idle for 10 s by default. The API and the worker query in bursts with quiet
// spells between (a caller pausing, the worker waiting for the next event), and each new connection
// costs a SCRAM login: the first calls after a pause queued behind it (the gateway's p99 after 12 s
// without calls was 170 ms). Connections are kept for 5 minutes instead.
const IDLE_CONNECTION_MS = 5 * 60_000;

export function createPrismaClient(connectionString: string, poolSize = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max: poolSize, idleTimeoutMillis: IDLE_CONNECTION_MS });
  return new PrismaClient({ adapter });
}
