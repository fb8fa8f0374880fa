import type { Db } from "../store/client.js";
import type { ChannelTarget } from "./notifier.js";

type Platform = ChannelTarget["platform"];

const LOCK_MS = 2 * 60_000;

export interface DueDelivery {
  id: string;
  dedupeKey: string;
  kind: string;
  bindingId: string;
  nudgeIds: unknown;
  payload: unknown;
  status: string;
  attempts: number;
}

const dueNow = (now: Date) => [
  { status: "pending" as const, nextAttemptAt: { lte: now } },
  { status: "sending" as const, lockedUntil: { lt: now } },
];

/**
 * Sweep: rows due now, and rows a crashed worker left in "sending" past their lock, for bindings on
 * the given platforms (the ones this replica can send to). Nothing is claimed here; see claimDelivery.
 */
export async function findDueDeliveries(db: Db, now: Date, limit: number, platforms?: Platform[]): Promise<DueDelivery[]> {
  return db.delivery.findMany({
    where: { OR: dueNow(now), ...(platforms && { binding: { platform: { in: platforms } } }) },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true, dedupeKey: true, kind: true, bindingId: true, nudgeIds: true, payload: true, status: true, attempts: true },
  });
}

/** Due rows for platforms other than these: another replica's work. */
export async function countDueElsewhere(db: Db, now: Date, platforms: Platform[]): Promise<number> {
  return db.delivery.count({ where: { OR: dueNow(now), binding: { platform: { notIn: platforms } } } });
}

/** Claim: a conditional update that re-checks eligibility; false when another worker got there first. */
export async function claimDelivery(db: Db, row: DueDelivery, workerId: string, now: Date): Promise<boolean> {
  const claimed = await db.delivery.updateMany({
    where: {
      id: row.id,
      OR: dueNow(now),
    },
    data: { status: "sending", lockedUntil: new Date(now.getTime() + LOCK_MS), lockedBy: workerId, attempts: { increment: 1 } },
  });
  return claimed.count === 1;
}

export async function markSent(db: Db, ids: string[], now: Date): Promise<void> {
  await db.delivery.updateMany({ where: { id: { in: ids } }, data: { status: "sent", sentAt: now, lockedUntil: null, lastError: null } });
}

const MAX_BACKOFF_MS = 60 * 60_000;

/** Transient failures wait longer each time (30 s, 1 min, 2 min … at most an hour) and are never dropped. */
export function retryDelayMs(attempts: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));
}

export async function markRetry(db: Db, ids: string[], attempts: number, error: string, now: Date, retryAfterMs?: number): Promise<void> {
  await db.delivery.updateMany({
    where: { id: { in: ids } },
    data: { status: "pending", lockedUntil: null, lastError: error.slice(0, 1000), nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, retryAfterMs)) },
  });
}

export async function markFailed(db: Db, ids: string[], error: string): Promise<void> {
  await db.delivery.updateMany({ where: { id: { in: ids } }, data: { status: "failed", lockedUntil: null, lastError: error.slice(0, 1000) } });
}

/** Holds pending rows until `until` without counting an attempt (a channel's rate limit covers them too). */
export async function postponeDeliveries(db: Db, ids: string[], until: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await db.delivery.updateMany({ where: { id: { in: ids }, status: "pending", nextAttemptAt: { lt: until } }, data: { nextAttemptAt: until } });
  return count;
}
