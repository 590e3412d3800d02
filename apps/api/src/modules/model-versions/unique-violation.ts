/** Whether Prisma refused a write for a unique constraint (two requests racing for one name). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
