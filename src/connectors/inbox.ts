/**
 * The inbound inbox: what connectors received, stored before the vendor is answered and applied by
 * the inbox worker. The same discipline as the delivery outbox: rows are swept by an indexed due
 * time, claimed with a conditional update that re-checks eligibility, and retried with capped backoff
 * (never dropped). An event a connector cannot match to an account waits as `unmatched` until the
 * account is linked to its id (src/activity/links.ts makes it due again then).
 */
import type { InboxSourceName } from "../domain/sources.js";
import { plainTransaction, type Db } from "../store/client.js";
import { newIds } from "../store/ids.js";
import { insertSkippingTaken, rowsParams } from "../store/plainTransaction.js";
import { sqlTimestamp, type RowReader } from "../store/rows.js";
import type { ReceivedEvent, StoredEvent } from "./connector.js";

type Dialect = RowReader["dialect"];

const LOCK_MS = 2 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/** After this many failed attempts an event is marked failed (kept, listed, retried by `connectors retry`). */
export const MAX_ATTEMPTS = 12;

/** A stored event as the sweep finds it: what its connector is handed, and whose it is. */
export interface DueEvent extends StoredEvent {
  source: string;
}

/**
 * Stores a request's events in one statement; an event already in the inbox (a vendor's retry, a
 * redelivery, another replica storing the same request) is left as it is. Returns how many were new.
 */
export async function storeEvents(db: Db, source: InboxSourceName, events: ReceivedEvent[], now: Date): Promise<number> {
  if (events.length === 0) return 0;
  const ids = newIds(events.length);
  return plainTransaction(db, async (tx) => {
    const at = (d: Date) => sqlTimestamp(d, tx.dialect);
    const rows = events.map((e, i) => [ids[i], source, e.idempotencyKey, e.type, e.accountSourceId, e.summary.slice(0, 500), JSON.stringify(e.payload), at(e.occurredAt), at(now), at(now)]);
    return (await tx.query(STORE[tx.dialect], rowsParams(tx.dialect, rows, STORED_COLUMNS.length))).length;
  });
}

// Status and attempts take their defaults (pending, 0); the same key twice in one request is stored once.
const STORED_COLUMNS = [
  ["id"], ["source"], ["idempotencyKey"], ["type"], ["accountSourceId"], ["summary"], ["payload", "jsonb"],
  ["occurredAt", "timestamp(3)"], ["receivedAt", "timestamp(3)"], ["nextAttemptAt", "timestamp(3)"],
] as const;
const STORE = insertSkippingTaken("InboundEvent", STORED_COLUMNS, ["source", "idempotencyKey"]);

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
export async function recordOutcomes(db: Db, source: InboxSourceName, outcomes: EventOutcome[], now: Date, matched: Matched = linkedIds(source)): Promise<{ released: number }> {
  if (outcomes.length === 0) return { released: 0 };
  const text = (d: Date, dialect: Dialect) => sqlTimestamp(d, dialect);
  await plainTransaction(db, async (tx) => {
    const { dialect } = tx;
    const of = <S extends EventOutcome["status"]>(status: S) => outcomes.filter((o): o is Extract<EventOutcome, { status: S }> => o.status === status);
    const applied = of("applied").map((o) => [o.id, o.outcome]);
    const deferred = of("deferred").map((o) => [o.id, o.outcome, text(o.until, dialect)]);
    const unmatched = of("unmatched").map((o) => [o.id, o.outcome, o.accountSourceId ?? null]);
    if (applied.length) await tx.execute(RECORD.applied[dialect], [text(now, dialect), ...rowsParams(dialect, applied, 2)]);
    if (deferred.length) await tx.execute(RECORD.deferred[dialect], rowsParams(dialect, deferred, 3));
    if (unmatched.length) await tx.execute(RECORD.unmatched[dialect], rowsParams(dialect, unmatched, 3));
  });
  const unmatched = outcomes.filter((o) => o.status === "unmatched").map((o) => o.id);
  if (unmatched.length === 0) return { released: 0 };
  const waiting = await db.inboundEvent.findMany({ where: { id: { in: unmatched }, status: "unmatched", accountSourceId: { not: null } }, select: { accountSourceId: true } });
  const linked = await matched(db, [...new Set(waiting.map((e) => e.accountSourceId!))]);
  if (linked.length === 0) return { released: 0 };
  const { count } = await db.inboundEvent.updateMany({ where: { id: { in: unmatched }, status: "unmatched", accountSourceId: { in: linked } }, data: { status: "pending", nextAttemptAt: now } });
  return { released: count };
}

/** Which ids of waiting events now find an account (InboxSource.matched). */
export type Matched = (db: Db, accountSourceIds: string[]) => Promise<string[]>;

/** The default: the ids an account is linked to in this source. */
export const linkedIds =
  (source: InboxSourceName): Matched =>
  async (db, ids) =>
    (await db.accountLink.findMany({ where: { source, sourceId: { in: ids } }, select: { sourceId: true } })).map((l) => l.sourceId);

// The outcomes of a pass, one statement per kind of outcome whatever their number (rowsParams: the
// rows as one JSON text for SQLite's json_each, one array per column for PostgreSQL's unnest).
const RECORD: Record<"applied" | "deferred" | "unmatched", Record<Dialect, string>> = {
  applied: {
    sqlite: `UPDATE "InboundEvent" SET "status" = 'applied', "outcome" = t.value->>1, "appliedAt" = ?, "lockedUntil" = NULL, "lastError" = NULL
             FROM json_each(?) AS t WHERE "InboundEvent"."id" = t.value->>0`,
    postgres: `UPDATE "InboundEvent" AS e SET "status" = 'applied', "outcome" = t."outcome", "appliedAt" = ?::timestamp(3), "lockedUntil" = NULL, "lastError" = NULL
               FROM unnest(?::text[], ?::text[]) AS t("id", "outcome") WHERE e."id" = t."id"`,
  },
  // Not yet (a meeting to come): due again then, and the attempt it took does not count.
  deferred: {
    sqlite: `UPDATE "InboundEvent" SET "status" = 'pending', "outcome" = t.value->>1, "nextAttemptAt" = t.value->>2, "lockedUntil" = NULL, "attempts" = "attempts" - 1
             FROM json_each(?) AS t WHERE "InboundEvent"."id" = t.value->>0`,
    postgres: `UPDATE "InboundEvent" AS e SET "status" = 'pending', "outcome" = t."outcome", "nextAttemptAt" = t."until", "lockedUntil" = NULL, "attempts" = e."attempts" - 1
               FROM unnest(?::text[], ?::text[], ?::timestamp(3)[]) AS t("id", "outcome", "until") WHERE e."id" = t."id"`,
  },
  unmatched: {
    sqlite: `UPDATE "InboundEvent" SET "status" = 'unmatched', "outcome" = t.value->>1, "lockedUntil" = NULL, "accountSourceId" = COALESCE(t.value->>2, "accountSourceId")
             FROM json_each(?) AS t WHERE "InboundEvent"."id" = t.value->>0`,
    postgres: `UPDATE "InboundEvent" AS e SET "status" = 'unmatched', "outcome" = t."outcome", "lockedUntil" = NULL, "accountSourceId" = COALESCE(t."sourceId", e."accountSourceId")
               FROM unnest(?::text[], ?::text[], ?::text[]) AS t("id", "outcome", "sourceId") WHERE e."id" = t."id"`,
  },
};

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
export async function retryFailed(db: Db, now: Date, source?: InboxSourceName): Promise<number> {
  const { count } = await db.inboundEvent.updateMany({ where: { status: "failed", ...(source && { source }) }, data: { status: "pending", attempts: 0, nextAttemptAt: now } });
  return count;
}
