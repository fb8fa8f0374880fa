/**
 * Feedback (NPS or CSAT answers, and asks still unanswered) written many at a time, in one
 * transaction of a few statements whatever the number of items: one multi-row INSERT skipping the
 * idempotency keys already recorded, a read of those keys' ids, one INSERT of the contacts the
 * feedback names that the account lacks (namedContacts.ts), and one UPDATE recomputing the
 * accounts' feedback columns from the Feedback table. Recomputed rather than moved forward, so
 * feedback arriving out of order (a survey tool's backfill) still leaves the latest response by
 * `at` on the account.
 *
 * Plain SQL for the same reasons as writeTouchpoints.ts (the query builder compiles every row, and
 * needs a statement per account for the recompute).
 */
import { AppError } from "../domain/errors.js";
import { scoreProblem, type FeedbackScale } from "../domain/feedback.js";
import { plainTransaction, type Db } from "../store/client.js";
import { insertSkippingTaken, rowsParams, type PlainTx } from "../store/plainTransaction.js";
import { inJsonArray, sqlTimestamp, type RowReader } from "../store/rows.js";
import { ensureNamedContacts } from "./namedContacts.js";
import { isInTheFuture } from "../domain/clock.js";

export interface FeedbackToRecord {
  accountId: string;
  scale: FeedbackScale;
  /** Null: we asked for feedback and have no answer yet. */
  score: number | null;
  comment: string | null;
  /** Who answered (or was asked): a contact of the account, created when it has none by that name. */
  contactName: string | null;
  at: Date;
  byPersonId: string | null;
  /** A retried import or webhook with the same key is recorded once. */
  idempotencyKey: string | null;
}

/** Per item, in order: inserted, or its key was recorded already (by an earlier item or write). */
export interface RecordedFeedback {
  status: "created" | "duplicate";
  id: number;
  accountId: string;
}

type Dialect = RowReader["dialect"];

/** Why this feedback cannot be recorded, or null. */
function feedbackProblem(f: Pick<FeedbackToRecord, "scale" | "score" | "at">, now: Date): string | null {
  if (f.score !== null) {
    const problem = scoreProblem(f.scale, f.score);
    if (problem) return problem;
  }
  return isInTheFuture(f.at, now) ? "feedback cannot be in the future" : null;
}

/** `source`: where it came from (cli, slack, api, csv, …), recorded on the feedback and on contacts it creates. */
export function recordFeedback(db: Db, items: readonly FeedbackToRecord[], source: string, now: Date): Promise<RecordedFeedback[]> {
  const problems = items.map((f) => feedbackProblem(f, now));
  const bad = problems.findIndex((p) => p !== null);
  if (bad >= 0) throw new AppError("invalid_argument", `Feedback not recorded: ${items.length > 1 ? `item ${bad + 1}: ` : ""}${problems[bad]}.`);
  return plainTransaction(db, (tx) => recordIn(tx, items, source));
}

async function recordIn(tx: PlainTx, items: readonly FeedbackToRecord[], source: string): Promise<RecordedFeedback[]> {
  // The first item with a key inserts it; later items of the batch with the same key are its duplicates.
  const firstWithKey = new Map<string, number>();
  const fresh = items.map((f, i) => {
    if (f.idempotencyKey === null) return true;
    if (firstWithKey.has(f.idempotencyKey)) return false;
    firstWithKey.set(f.idempotencyKey, i);
    return true;
  });
  const createdAt = new Date();
  const inserted = await insertRows(tx, items.filter((_, i) => fresh[i]), source, createdAt);
  const byKey = await idsOfKeys(tx, [...firstWithKey.keys()]);
  // Ids are assigned in the order the rows are inserted: those not taken by a key are the unkeyed items', in order.
  const keyed = new Set(byKey.values());
  const unkeyedIds = [...inserted].filter((id) => !keyed.has(id)).sort((a, b) => a - b);
  const results = items.map((f, i): RecordedFeedback => {
    const id = f.idempotencyKey === null ? unkeyedIds.shift() : byKey.get(f.idempotencyKey);
    if (id === undefined) throw new Error(`feedback ${i} was neither inserted nor found by its key`);
    return { status: fresh[i] && inserted.has(id) ? "created" : "duplicate", id, accountId: f.accountId };
  });
  const created = items.filter((_, i) => results[i].status === "created");
  await ensureNamedContacts(tx, created.map((f) => ({ accountId: f.accountId, name: f.contactName })), source);
  await recomputeAccounts(tx, [...new Set(created.map((f) => f.accountId))], createdAt);
  return results;
}

const FEEDBACK_COLUMNS = [
  ["accountId"], ["scale", '"FeedbackScale"'], ["score", "integer"], ["comment"], ["contactName"], ["at", "timestamp(3)"], ["source"],
  ["byPersonId"], ["idempotencyKey"], ["createdAt", "timestamp(3)"],
] as const;
const INSERT_FEEDBACK = insertSkippingTaken("Feedback", FEEDBACK_COLUMNS, ["idempotencyKey"]);

/** Inserts the items whose key is not recorded yet; returns the ids inserted. */
async function insertRows(tx: PlainTx, items: readonly FeedbackToRecord[], source: string, createdAt: Date): Promise<Set<number>> {
  if (items.length === 0) return new Set();
  const at = (d: Date) => sqlTimestamp(d, tx.dialect);
  const values = items.map((f) => [
    f.accountId, f.scale, f.score === null ? null : String(f.score), f.comment, f.contactName, at(f.at), source, f.byPersonId, f.idempotencyKey, at(createdAt),
  ]);
  const rows = await tx.query(INSERT_FEEDBACK[tx.dialect], rowsParams(tx.dialect, values, FEEDBACK_COLUMNS.length));
  return new Set(rows.map((r) => Number(r[0])));
}

async function idsOfKeys(tx: PlainTx, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.query(`SELECT "idempotencyKey", "id" FROM "Feedback" WHERE "idempotencyKey" ${inJsonArray(tx.dialect)}`, [JSON.stringify(keys)]);
  return new Map(rows.map((r) => [r[0] as string, Number(r[1])]));
}

/** The account's latest response (a row with a score) by when it was given; the later-recorded one on a tie. */
const latestResponse = (column: string) =>
  `(SELECT f."${column}" FROM "Feedback" f WHERE f."accountId" = "Account"."id" AND f."score" IS NOT NULL ORDER BY f."at" DESC, f."id" DESC LIMIT 1)`;

const RECOMPUTE_ACCOUNTS: Record<Dialect, string> = Object.fromEntries(
  (["sqlite", "postgres"] as const).map((dialect) => [
    dialect,
    `UPDATE "Account" SET "feedbackId" = ${latestResponse("id")}, "feedbackAt" = ${latestResponse("at")}, "feedbackScore" = ${latestResponse("score")},
       "feedbackScale" = ${latestResponse("scale")}, "feedbackAskedAt" = (SELECT max(f."at") FROM "Feedback" f WHERE f."accountId" = "Account"."id"),
       "updatedAt" = ${dialect === "postgres" ? "?::timestamp(3)" : "?"}
     WHERE "id" ${inJsonArray(dialect)}`,
  ]),
) as Record<Dialect, string>;

async function recomputeAccounts(tx: PlainTx, accountIds: string[], updatedAt: Date): Promise<void> {
  if (accountIds.length === 0) return;
  await tx.execute(RECOMPUTE_ACCOUNTS[tx.dialect], [sqlTimestamp(updatedAt, tx.dialect), JSON.stringify(accountIds)]);
}
