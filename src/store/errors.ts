/** A write refused by a unique index (Prisma's P2002): another writer, a replica or a retry got there first. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

/**
 * Another writer got in between a write's reads and its write: a unique index refused it, or (SQLite)
 * a transaction that read first found the database changed since (SQLITE_BUSY_SNAPSHOT). Reading
 * again, now seeing the other writer's rows, resolves it.
 */
export function isWriteRace(err: unknown): boolean {
  return isUniqueViolation(err) || (typeof err === "object" && err !== null && (err as { code?: unknown }).code === "SQLITE_BUSY_SNAPSHOT");
}

/** Runs `attempt` again, up to `times` in all, after a write race (isWriteRace): for writes that read first and can simply look again. */
export async function retryOnWriteRace<T>(attempt: () => Promise<T>, times = 3): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= times || !isWriteRace(err)) throw err;
    }
  }
}
