/**
 * Stores the memos of a page's evaluated accounts in the page's transaction, so a memo is never
 * newer than the decisions applied with it. A few statements per page (many rows each), as plain
 * SQL: the query builder would make one statement per account.
 */
import { chunk } from "../collections.js";
import type { Tx } from "../store/client.js";
import { sqlTimestamp } from "../store/rows.js";
import { valuesList } from "../store/valuesList.js";
import type { NewMemo } from "./memo.js";

/** Rows per statement: four values each, well inside SQLite's limit on bound values. */
const ROWS_PER_STATEMENT = 200;

export async function writeMemos(tx: Tx, dialect: "sqlite" | "postgres", memos: readonly NewMemo[]): Promise<void> {
  for (const rows of chunk(memos, ROWS_PER_STATEMENT)) {
    const params: string[] = [];
    for (const m of rows) params.push(m.accountId, m.digest, sqlTimestamp(m.from, dialect), sqlTimestamp(m.until, dialect));
    await tx.$executeRawUnsafe(updateSql(rows.length, dialect), ...params);
  }
}

const sqlCache = new Map<string, string>();
function updateSql(rows: number, dialect: "sqlite" | "postgres"): string {
  const key = `${dialect}:${rows}`;
  let sql = sqlCache.get(key);
  if (sql === undefined) {
    const values = valuesList(rows, [null, null, "timestamp(3)", "timestamp(3)"], dialect);
    sql = dialect === "sqlite"
      ? `UPDATE "Account" SET "scanDigest" = v.column2, "scanFrom" = v.column3, "scanUntil" = v.column4
           FROM (VALUES ${values}) AS v WHERE "Account"."id" = v.column1`
      : `UPDATE "Account" AS a SET "scanDigest" = v.d, "scanFrom" = v.f, "scanUntil" = v.u
           FROM (VALUES ${values}) AS v(id, d, f, u) WHERE a."id" = v.id`;
    sqlCache.set(key, sql);
  }
  return sql;
}
