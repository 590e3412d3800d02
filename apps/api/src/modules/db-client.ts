import type { Prisma, PrismaClient } from "@rts/db";

/** Either the client or an open transaction: read helpers work inside and outside a transaction. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

/**
 * Takes the per-user row lock that serialises every change to a user's services, pools and quota
 * (R1, R12). Concurrent deploys of one user queue here; other users are unaffected.
 */
export async function lockUser(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
}
