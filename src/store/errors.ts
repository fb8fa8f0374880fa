/** A write refused by a unique index (Prisma's P2002): another writer, a replica or a retry got there first. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}
