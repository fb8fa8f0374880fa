/**
 * Touchpoints written many at a time: one read of the keys already recorded, then one transaction
 * with a multi-row insert and one last-customer-touch update per account. A CSV chunk or an API
 * batch of a thousand rows costs a handful of round trips instead of five per row, and is atomic.
 */
import { isCustomerFacing, type TouchpointKind } from "../domain/touchpoints.js";
import type { Db, Tx } from "../store/client.js";
import { retryOnWriteRace } from "../store/errors.js";
import type { ApplyResult, Author, IngestContext } from "./ingester.js";

export interface PreparedTouchpoint {
  accountId: string;
  kind: TouchpointKind;
  occurredAt: Date;
  summary: string | null;
  contactName: string | null;
  by: Author | null;
  idempotencyKey: string | null;
}

/** Another writer may record one of our keys between our read and our insert: then we read again. */
export function writeTouchpoints(db: Db, items: PreparedTouchpoint[], ctx: IngestContext): Promise<ApplyResult[]> {
  return retryOnWriteRace(() => writeOnce(db, items, ctx));
}

async function writeOnce(db: Db, items: PreparedTouchpoint[], ctx: IngestContext): Promise<ApplyResult[]> {
  const keys = [...new Set(items.flatMap((p) => (p.idempotencyKey ? [p.idempotencyKey] : [])))];
  const recorded = keys.length
    ? await db.touchpoint.findMany({ where: { idempotencyKey: { in: keys } }, select: { id: true, idempotencyKey: true } })
    : [];
  const idOfKey = new Map(recorded.map((r) => [r.idempotencyKey as string, r.id]));
  // The first item with a key not yet recorded inserts it; later items with the same key are its duplicates.
  const firstWithKey = new Map<string, number>();
  const fresh: number[] = [];
  items.forEach((p, i) => {
    const key = p.idempotencyKey;
    if (key && (idOfKey.has(key) || firstWithKey.has(key))) return;
    if (key) firstWithKey.set(key, i);
    fresh.push(i);
  });
  const ids = fresh.length ? await insert(db, fresh.map((i) => items[i]), ctx) : [];
  const idOfItem = new Map(fresh.map((i, n) => [i, ids[n]]));
  return items.map((p, i) => {
    const created = idOfItem.get(i);
    if (created !== undefined) return { status: "created", id: created, accountId: p.accountId };
    const key = p.idempotencyKey as string;
    return { status: "duplicate", id: idOfKey.get(key) ?? (idOfItem.get(firstWithKey.get(key) as number) as string), accountId: p.accountId };
  });
}

/** Inserts the items and moves each account's last customer touch forward; returns the ids in order. */
async function insert(db: Db, items: PreparedTouchpoint[], ctx: IngestContext): Promise<string[]> {
  return db.$transaction(
    async (tx) => {
      const rows = items.map((p) => row(p, ctx));
      const created = await tx.touchpoint.createManyAndReturn({ data: rows, select: { id: true, ...SIGNED } });
      // Matched by content, so the order the database returns them in does not matter (rows with
      // the same content are interchangeable; with a key, the content is unique).
      const idsBySignature = new Map<string, string[]>();
      for (const c of created) {
        const key = signature(c);
        const same = idsBySignature.get(key);
        if (same) same.push(c.id);
        else idsBySignature.set(key, [c.id]);
      }
      const ids = rows.map((r) => idsBySignature.get(signature(r))?.shift());
      if (ids.some((id) => id === undefined)) throw new Error("touchpoints inserted but not all returned");
      await moveLastCustomerTouch(tx, items);
      return ids as string[];
    },
    { timeout: 60_000 },
  );
}

const SIGNED = { accountId: true, kind: true, occurredAt: true, summary: true, contactName: true, byPersonId: true, byName: true, idempotencyKey: true } as const;
type Signed = { [K in keyof typeof SIGNED]: K extends "occurredAt" ? Date : K extends "kind" ? string : string | null };

function signature(r: Signed): string {
  return JSON.stringify([r.accountId, r.kind, r.occurredAt.toISOString(), r.summary, r.contactName, r.byPersonId, r.byName, r.idempotencyKey]);
}

function row(p: PreparedTouchpoint, ctx: IngestContext) {
  return {
    accountId: p.accountId,
    kind: p.kind,
    occurredAt: p.occurredAt,
    summary: p.summary,
    contactName: p.contactName,
    source: ctx.source,
    idempotencyKey: p.idempotencyKey,
    byPersonId: p.by?.personId ?? null,
    byName: p.by?.name ?? null,
  };
}

/** Conditional, as in insertTouchpoint: a backdated touch never moves the clock backwards. */
async function moveLastCustomerTouch(tx: Tx, items: PreparedTouchpoint[]): Promise<void> {
  const latest = new Map<string, Date>();
  for (const p of items) {
    if (!isCustomerFacing(p.kind)) continue;
    const seen = latest.get(p.accountId);
    if (!seen || seen < p.occurredAt) latest.set(p.accountId, p.occurredAt);
  }
  for (const [accountId, at] of latest) {
    await tx.account.updateMany({
      where: { id: accountId, OR: [{ lastCustomerTouchAt: null }, { lastCustomerTouchAt: { lt: at } }] },
      data: { lastCustomerTouchAt: at },
    });
  }
}
