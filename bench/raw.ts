/**
 * The raw-SQL lower bound: the fewest plain queries that fetch everything the scan reads, through the
 * bare drivers (no Prisma, no rules, no writes), keyset-paged like the scan. Per page of accounts:
 *
 *   1. the page of accounts: the columns the rules read, and the scan's memo (src/nudges/memo.ts);
 *   2. the open complaints of those accounts (an index range on accountId, first..last id of the page);
 *   3. the active (not resolved) nudges of those accounts, same range;
 *
 * plus the channel bindings once per scan. Rows are read and dropped. They come back as objects, with
 * each driver's default conversions (pg parses timestamps into Dates; better-sqlite3 returns the
 * stored text), or as arrays (`rows: "arrays"`: better-sqlite3's
 * raw mode; pg's rowMode "array" with every value left as the text PostgreSQL sent), which is how the
 * scan itself fetches them and the cheapest way there is: the lower bound proper.
 */
import pg from "pg";
import { openSqlite } from "./sqlite-driver.js";

export const RAW_SQL = {
  bindings: `SELECT "id", "platform", "channelId", "scope", "scopeValue", "rules" FROM "ChannelBinding"`,
  accounts: `SELECT "id", "name", "stage", "stageSince", "createdAt", "ownerId", "segment", "timeZone", "renewalDate", "lastCustomerTouchAt", "lastComplaintAt", "cadenceDueDays", "cadenceOverdueDays", "annualValue", "lastInboundAt", "lastOutboundAt", "unansweredOutbound", "unansweredSince", "mainContact", "otherContactAt", "feedbackId", "feedbackAt", "feedbackScore", "feedbackScale", "feedbackAskedAt", "healthTrend", "scanDigest", "scanFrom", "scanUntil" FROM "Account" WHERE "id" > ? ORDER BY "id" LIMIT ?`,
  complaints: `SELECT "id", "accountId", "openedAt", "severity", "summary", "firstResponseAt" FROM "Complaint" WHERE "accountId" >= ? AND "accountId" <= ? AND "resolvedAt" IS NULL`,
  nudges: `SELECT "id", "dedupeKey", "rule", "accountId", "severity", "status", "snoozedUntil", "raisedAt", "escalatedAt", "version" FROM "Nudge" WHERE "accountId" >= ? AND "accountId" <= ? AND "status" <> 'resolved'`,
};

export interface RawCounts { accounts: number; openComplaints: number; activeNudges: number; queries: number }

type Rows = Promise<unknown[]> | unknown[];
type PageReader = {
  bindings(): Rows;
  accounts(afterId: string, size: number): Rows;
  complaints(first: string, last: string): Rows;
  nudges(first: string, last: string): Rows;
  /** The id of an account row (its first column). */
  idOf(row: unknown): string;
};

async function readAll(reader: PageReader, pageSize: number): Promise<RawCounts> {
  const counts: RawCounts = { accounts: 0, openComplaints: 0, activeNudges: 0, queries: 1 };
  await reader.bindings();
  let afterId = "";
  for (;;) {
    const page = await reader.accounts(afterId, pageSize);
    counts.queries++;
    if (page.length === 0) break;
    const first = reader.idOf(page[0]);
    afterId = reader.idOf(page[page.length - 1]);
    counts.accounts += page.length;
    counts.openComplaints += (await reader.complaints(first, afterId)).length;
    counts.activeNudges += (await reader.nudges(first, afterId)).length;
    counts.queries += 2;
    if (page.length < pageSize) break;
  }
  return counts;
}

export type RowShape = "objects" | "arrays";

/** Opens a reader once (connection setup is not part of a scan's cost either), then reads everything on each call. */
export async function rawReader(kind: "sqlite" | "postgres", url: string, pageSize: number, rows: RowShape = "objects") {
  const arrays = rows === "arrays";
  const idOf = arrays ? (row: unknown) => (row as string[])[0] : (row: unknown) => (row as { id: string }).id;
  if (kind === "sqlite") {
    const db = openSqlite(url.replace(/^file:/, ""));
    const prepare = (sql: string) => (arrays ? db.prepare(sql).raw(true) : db.prepare(sql));
    const s = {
      bindings: prepare(RAW_SQL.bindings),
      accounts: prepare(RAW_SQL.accounts),
      complaints: prepare(RAW_SQL.complaints),
      nudges: prepare(RAW_SQL.nudges),
    };
    const reader: PageReader = {
      bindings: () => s.bindings.all(),
      accounts: (after, size) => s.accounts.all(after, size),
      complaints: (first, last) => s.complaints.all(first, last),
      nudges: (first, last) => s.nudges.all(first, last),
      idOf,
    };
    return { read: () => readAll(reader, pageSize), close: async () => db.close() };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const numbered = (sql: string) => { let n = 0; return sql.replace(/\?/g, () => `$${++n}`); };
  const asText = { getTypeParser: () => (text: string) => text } as unknown as pg.CustomTypesConfig;
  const q = async (name: keyof typeof RAW_SQL, values: unknown[]) =>
    (await client.query({ name, text: numbered(RAW_SQL[name]), values, ...(arrays && { rowMode: "array", types: asText }) })).rows;
  const reader: PageReader = {
    bindings: () => q("bindings", []),
    accounts: (after, size) => q("accounts", [after, size]),
    complaints: (first, last) => q("complaints", [first, last]),
    nudges: (first, last) => q("nudges", [first, last]),
    idOf,
  };
  return { read: () => readAll(reader, pageSize), close: () => client.end() };
}
