/**
 * The inbound inbox: what connectors received, stored before the vendor is answered and applied by
 * the inbox worker. The same discipline as the delivery outbox: rows are swept by an indexed due
 * time, claimed with a conditional update that re-checks eligibility, and retried with capped backoff
 * (never dropped). An event a connector cannot match to an account waits as `unmatched` until the
 * account is linked to its id (src/activity/links.ts makes it due again then).
 */
import type { LinkSource } from "../domain/sources.js";
import type { Db } from "../store/client.js";
import { isUniqueViolation } from "../store/errors.js";
import type { ReceivedEvent, StoredEvent } from "./connector.js";

const LOCK_MS = 2 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/** After this many failed attempts an event is marked failed (kept, listed, retried by `connectors retry`). */
export const MAX_ATTEMPTS = 12;

/** A stored event as the sweep finds it: what its connector is handed, and whose it is. */
export interface DueEvent extends StoredEvent {
  source: string;
}

/**
 * Stores a request's events in one transaction; an event already in the inbox (a vendor's retry, a
 * redelivery) is left as it is. Returns how many were new.
 */
export async function storeEvents(db: Db, source: LinkSource, events: ReceivedEvent[], now: Date): Promise<number> {
  if (events.length === 0) return 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const keys = [...new Set(events.map((e) => e.idempotencyKey))];
        const known = new Set(
          (await tx.inboundEvent.findMany({ where: { source, idempotencyKey: { in: keys } }, select: { idempotencyKey: true } })).map((e) => e.idempotencyKey),
        );
        const seen = new Set<string>();
        const fresh = events.filter((e) => !known.has(e.idempotencyKey) && !seen.has(e.idempotencyKey) && !!seen.add(e.idempotencyKey));
        if (fresh.length) {
          await tx.inboundEvent.createMany({
            data: fresh.map((e) => ({
              source,
              idempotencyKey: e.idempotencyKey,
              type: e.type,
              accountSourceId: e.accountSourceId,
              summary: e.summary.slice(0, 500),
              payload: e.payload,
              occurredAt: e.occurredAt,
              receivedAt: now,
              nextAttemptAt: now,
            })),
          });
        }
        return fresh.length;
      });
    } catch (err) {
      // Another replica stored one of these keys between our read and our insert: read again.
      if (attempt >= 3 || !isUniqueViolation(err)) throw err;
    }
  }
}

const dueNow = (now: Date) => [
  { status: "pending" as const, nextAttemptAt: { lte: now } },
  { status: "applying" as const, lockedUntil: { lt: now } },
];

/** Sweep: events due now (and ones a crashed worker left locked), oldest vendor time first. Nothing is claimed here. */
export function findDueEvents(db: Db, now: Date, limit: number, sources: readonly string[]): Promise<DueEvent[]> {
  return db.inboundEvent.findMany({
    where: { OR: dueNow(now), source: { in: [...sources] } },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, source: true, type: true, accountSourceId: true, summary: true, occurredAt: true, payload: true, attempts: true },
  });
}

/**
 * Claim: one conditional update that re-checks eligibility, then a read of what this claim holds (the
 * claim token is unique per pass, so another replica's or an earlier pass's locks never count).
 */
export async function claimEvents(db: Db, ids: string[], claimToken: string, now: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  await db.inboundEvent.updateMany({
    where: { id: { in: ids }, OR: dueNow(now) },
    data: { status: "applying", lockedUntil: new Date(now.getTime() + LOCK_MS), lockedBy: claimToken, attempts: { increment: 1 } },
  });
  const held = await db.inboundEvent.findMany({ where: { id: { in: ids }, status: "applying", lockedBy: claimToken }, select: { id: true } });
  return new Set(held.map((e) => e.id));
}

export type EventOutcome =
  | { id: string; status: "applied"; outcome: string }
  | { id: string; status: "unmatched"; outcome: string; accountSourceId?: string }
  | { id: string; status: "deferred"; outcome: string; until: Date };

/**
 * Records a pass's outcomes in one transaction. Then an event just found unmatched whose id was linked
 * meanwhile (by another event of the same pass, or a `link` that released before this was recorded)
 * is made due again: the link's own release only sees events already recorded as unmatched.
 */
export async function recordOutcomes(db: Db, source: LinkSource, outcomes: EventOutcome[], now: Date): Promise<{ released: number }> {
  if (outcomes.length === 0) return { released: 0 };
  await db.$transaction(
    outcomes.map((o) => {
      const where = { id: o.id };
      if (o.status === "applied") return db.inboundEvent.updateMany({ where, data: { status: "applied", outcome: o.outcome, appliedAt: now, lockedUntil: null, lastError: null } });
      if (o.status === "deferred") return db.inboundEvent.updateMany({ where, data: { status: "pending", outcome: o.outcome, nextAttemptAt: o.until, lockedUntil: null, attempts: { decrement: 1 } } });
      return db.inboundEvent.updateMany({ where, data: { status: "unmatched", outcome: o.outcome, lockedUntil: null, ...(o.accountSourceId && { accountSourceId: o.accountSourceId }) } });
    }),
  );
  const unmatched = outcomes.filter((o) => o.status === "unmatched").map((o) => o.id);
  if (unmatched.length === 0) return { released: 0 };
  const waiting = await db.inboundEvent.findMany({ where: { id: { in: unmatched }, status: "unmatched", accountSourceId: { not: null } }, select: { accountSourceId: true } });
  const ids = [...new Set(waiting.map((e) => e.accountSourceId!))];
  const linked = await db.accountLink.findMany({ where: { source, sourceId: { in: ids } }, select: { sourceId: true } });
  if (linked.length === 0) return { released: 0 };
  const { count } = await db.inboundEvent.updateMany({ where: { id: { in: unmatched }, status: "unmatched", accountSourceId: { in: linked.map((l) => l.sourceId) } }, data: { status: "pending", nextAttemptAt: now } });
  return { released: count };
}

/** Transient failures wait longer each time (30 s, 1 min, 2 min … at most an hour); past MAX_ATTEMPTS the event is marked failed. */
export async function markRetry(db: Db, id: string, attempts: number, error: string, now: Date): Promise<"retry" | "failed"> {
  const failed = attempts >= MAX_ATTEMPTS;
  const delay = Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));
  await db.inboundEvent.updateMany({
    where: { id },
    data: { status: failed ? "failed" : "pending", lockedUntil: null, lastError: error.slice(0, 1000), nextAttemptAt: new Date(now.getTime() + delay) },
  });
  return failed ? "failed" : "retry";
}

/** Failed events of a source (or all), due again now: after the cause is fixed. */
export async function retryFailed(db: Db, now: Date, source?: LinkSource): Promise<number> {
  const { count } = await db.inboundEvent.updateMany({ where: { status: "failed", ...(source && { source }) }, data: { status: "pending", attempts: 0, nextAttemptAt: now } });
  return count;
}
