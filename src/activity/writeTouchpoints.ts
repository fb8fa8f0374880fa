/**
 * Touchpoints written many at a time (a CSV chunk, an API batch of up to a thousand), in one
 * transaction of a few statements whatever the number of rows: one multi-row INSERT that skips the
 * idempotency keys already recorded, a read of those keys' ids when there are any, one UPDATE
 * moving each account's last customer touch forward, one refreshing the accounts' touch aggregates
 * (touchAggregates.ts) and one creating the contacts the touches name (namedContacts.ts).
 *
 * Plain SQL (src/store/plainTransaction.ts): the query builder compiles every row of a createMany
 * (about a quarter of a millisecond each) and needs one statement per account for the conditional
 * update. The rows travel as one JSON parameter that SQLite unpacks with json_each, or as one array
 * per column that PostgreSQL unnests, so a thousand rows are one small statement rather than eleven
 * thousand bound values. A key recorded meanwhile by another writer is skipped by ON CONFLICT DO
 * NOTHING and reported as a duplicate, like one recorded before.
 */
import { defaultDirection, isCustomerFacing, type TouchpointDirection, type TouchpointKind } from "../domain/touchpoints.js";
import { plainTransaction, type Db } from "../store/client.js";
import { newIds } from "../store/ids.js";
import { insertSkippingTaken, rowsParams, type PlainTx } from "../store/plainTransaction.js";
import { inJsonArray, sqlTimestamp, type RowReader } from "../store/rows.js";
import { ensureNamedContacts } from "./namedContacts.js";
import { refreshTouchAggregates } from "./touchAggregates.js";

export interface TouchpointToWrite {
  accountId: string;
  kind: TouchpointKind;
  /** Who reached out; by default from the kind (defaultDirection). Checked by the caller (directionProblem). */
  direction?: TouchpointDirection | null;
  occurredAt: Date;
  summary: string | null;
  contactName: string | null;
  /** Who: a person (linked when known) or just a name. */
  by: { personId: string | null; name: string | null } | null;
  idempotencyKey: string | null;
}

/** Per item, in order: inserted, or its key was recorded already (by an earlier item or write). */
export interface WrittenTouchpoint {
  status: "created" | "duplicate";
  id: string;
  accountId: string;
}

type Dialect = RowReader["dialect"];

/** `source`: where they came from (api, csv, hubspot, …). */
export function writeTouchpoints(db: Db, items: readonly TouchpointToWrite[], source: string): Promise<WrittenTouchpoint[]> {
  return plainTransaction(db, (tx) => writeIn(tx, items, source));
}

async function writeIn(tx: PlainTx, items: readonly TouchpointToWrite[], source: string): Promise<WrittenTouchpoint[]> {
  // The first item with a key inserts it; later items of the batch with the same key are its duplicates.
  const firstWithKey = new Map<string, number>();
  const ids = newIds(items.length);
  const fresh = items.map((p, i) => {
    const key = p.idempotencyKey;
    if (key === null) return true;
    if (firstWithKey.has(key)) return false;
    firstWithKey.set(key, i);
    return true;
  });
  const createdAt = new Date();
  const rows = items.flatMap((p, i) => (fresh[i] ? [rowOf(p, ids[i], source, createdAt)] : []));
  const inserted = new Set(rows.length ? await insertRows(tx, rows) : []);
  const created = (i: number) => fresh[i] && inserted.has(ids[i]);
  // A fresh item left out had a key recorded before (or by another writer meanwhile).
  const recorded = await idsOfKeys(tx, items.flatMap((p, i) => (fresh[i] && !created(i) ? [p.idempotencyKey as string] : [])));
  const written = items.filter((_, i) => created(i));
  await moveLastCustomerTouch(tx, written, createdAt);
  const customerFacing = written.filter((p) => isCustomerFacing(p.kind));
  await refreshTouchAggregates(tx, customerFacing.map((p) => p.accountId));
  await ensureNamedContacts(tx, customerFacing.map((p) => ({ accountId: p.accountId, name: p.contactName })), source);
  return items.map((p, i) => {
    if (created(i)) return { status: "created", id: ids[i], accountId: p.accountId };
    const key = p.idempotencyKey;
    const first = key === null ? undefined : firstWithKey.get(key);
    const id = (key !== null && recorded.get(key)) || (first !== undefined && created(first) ? ids[first] : undefined);
    if (!id) throw new Error(`touchpoint ${i} was neither inserted nor found by its key`);
    return { status: "duplicate", id, accountId: p.accountId };
  });
}

/** The columns written, in the order of each row's values; with PostgreSQL's type where it is not text. */
const COLUMNS = [
  ["id"], ["accountId"], ["kind", '"TouchpointKind"'], ["direction", '"TouchpointDirection"'], ["occurredAt", "timestamp(3)"], ["summary"], ["contactName"],
  ["source"], ["idempotencyKey"], ["byPersonId"], ["byName"], ["createdAt", "timestamp(3)"],
] as const;
type TouchpointRow = Record<(typeof COLUMNS)[number][0], string | Date | null>;

function rowOf(p: TouchpointToWrite, id: string, source: string, createdAt: Date): TouchpointRow {
  return {
    id,
    accountId: p.accountId,
    kind: p.kind,
    direction: p.direction ?? defaultDirection(p.kind),
    occurredAt: p.occurredAt,
    summary: p.summary,
    contactName: p.contactName,
    source,
    idempotencyKey: p.idempotencyKey,
    byPersonId: p.by?.personId ?? null,
    byName: p.by?.name ?? null,
    createdAt,
  };
}

const INSERT = insertSkippingTaken("Touchpoint", COLUMNS, ["idempotencyKey"]);

/** Inserts the rows whose key is not recorded yet; returns the ids inserted. */
async function insertRows(tx: PlainTx, rows: TouchpointRow[]): Promise<string[]> {
  const values = rows.map((r) => COLUMNS.map(([name]) => {
    const v = r[name];
    return v instanceof Date ? sqlTimestamp(v, tx.dialect) : v;
  }));
  const inserted = await tx.query(INSERT[tx.dialect], rowsParams(tx.dialect, values, COLUMNS.length));
  return inserted.map((r) => r[0] as string);
}

async function idsOfKeys(tx: PlainTx, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.query(`SELECT "idempotencyKey", "id" FROM "Touchpoint" WHERE "idempotencyKey" ${inJsonArray(tx.dialect)}`, [JSON.stringify(keys)]);
  return new Map(rows.map((r) => [r[0] as string, r[1] as string]));
}

const MOVE_LAST_CUSTOMER_TOUCH: Record<Dialect, string> = {
  sqlite: `UPDATE "Account" SET "lastCustomerTouchAt" = t.value->>1, "updatedAt" = ? FROM json_each(?) AS t
           WHERE "Account"."id" = t.value->>0 AND ("Account"."lastCustomerTouchAt" IS NULL OR "Account"."lastCustomerTouchAt" < t.value->>1)`,
  postgres: `UPDATE "Account" AS a SET "lastCustomerTouchAt" = t."at", "updatedAt" = ?::timestamp(3) FROM unnest(?::text[], ?::timestamp(3)[]) AS t("id", "at")
             WHERE a."id" = t."id" AND (a."lastCustomerTouchAt" IS NULL OR a."lastCustomerTouchAt" < t."at")`,
};

/** Conditional, as in insertTouchpoint: a backdated touch never moves the clock backwards. One statement for every account. */
async function moveLastCustomerTouch(tx: PlainTx, items: TouchpointToWrite[], updatedAt: Date): Promise<void> {
  const latest = new Map<string, Date>();
  for (const p of items) {
    if (!isCustomerFacing(p.kind)) continue;
    const seen = latest.get(p.accountId);
    if (!seen || seen < p.occurredAt) latest.set(p.accountId, p.occurredAt);
  }
  if (latest.size === 0) return;
  const moves = [...latest].map(([accountId, at]) => [accountId, sqlTimestamp(at, tx.dialect)]);
  await tx.execute(MOVE_LAST_CUSTOMER_TOUCH[tx.dialect], [sqlTimestamp(updatedAt, tx.dialect), ...rowsParams(tx.dialect, moves, 2)]);
}
