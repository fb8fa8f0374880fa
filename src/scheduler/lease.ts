import type { Db } from "../store/client.js";
import { isUniqueViolation } from "../store/errors.js";

/**
 * A named lease in the database: one replica runs a job at a time, on SQLite and PostgreSQL alike.
 * Taking it is a conditional update (expired, or already ours) or, the first time, an insert
 * whose unique key lets only one replica win.
 */
export async function tryTakeLease(db: Db, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const taken = await db.jobLease.updateMany({
    where: { name, OR: [{ expiresAt: { lt: now } }, { holder }] },
    data: { holder, expiresAt },
  });
  if (taken.count === 1) return true;
  try {
    await db.jobLease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.jobLease.updateMany({ where: { name, holder }, data: { expiresAt: new Date(0) } });
}

/** Runs `work` only if this replica holds the lease; returns null when another replica does. */
export async function withLease<T>(db: Db, name: string, holder: string, ttlMs: number, now: Date, work: () => Promise<T>): Promise<T | null> {
  if (!(await tryTakeLease(db, name, holder, ttlMs, now))) return null;
  try {
    return await work();
  } finally {
    await releaseLease(db, name, holder);
  }
}
