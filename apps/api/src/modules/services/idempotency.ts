// Idempotency-Key: a retried request with the same key gets the first answer instead of acting
// twice; the same key on a different request is refused. Keys are per user and stored with the
// answer in the same transaction as the change they describe.
import { createHash } from "node:crypto";
import type { Prisma } from "@rts/db";
import { HttpProblem } from "../../plugins/http-problem.ts";

export function requestHash(...parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts.length === 1 ? (parts[0] ?? null) : parts)).digest("hex");
}

/** The stored answer for this key, or null; a key reused for another request is a 409. */
export async function storedAnswer<T>(tx: Prisma.TransactionClient, userId: string, key: string, hash: string): Promise<T | null> {
  const stored = await tx.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
  if (!stored) return null;
  if (stored.requestHash !== hash) {
    throw HttpProblem.conflict("This Idempotency-Key was already used for a different request. Use a new key for a new request.");
  }
  return stored.responseBody as unknown as T;
}

export async function storeAnswer(tx: Prisma.TransactionClient, userId: string, key: string, hash: string, statusCode: number, body: unknown): Promise<void> {
  await tx.idempotencyKey.create({
    data: { userId, key, requestHash: hash, statusCode, responseBody: body as Prisma.InputJsonValue },
  });
}
