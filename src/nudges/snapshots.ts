import { groupBy } from "../collections.js";
import type { AccountSnapshot, ComplaintSnapshot, HealthPoint } from "../domain/snapshot.js";
import type { FeedbackScale } from "../domain/feedback.js";
import { parseTrend } from "../rules/health/index.js";
import type { ComplaintSeverity } from "../domain/complaints.js";
import type { Stage } from "../domain/stages.js";
import { rowReader, type Db } from "../store/client.js";
import { inJsonArray, selectOf, selectSql, storedMs, storedTime, type RowReader } from "../store/rows.js";
import type { ScanMemo } from "./memo.js";

/** What the rules read of an account, in the order the page read selects it. */
const ACCOUNT_COLUMNS = [
  "id", "name", "stage", "stageSince", "createdAt", "ownerId", "segment", "timeZone", "renewalDate",
  "lastCustomerTouchAt", "lastComplaintAt", "cadenceDueDays", "cadenceOverdueDays",
  "annualValue", "lastInboundAt", "lastOutboundAt", "unansweredOutbound", "unansweredSince", "mainContact", "otherContactAt",
  "feedbackId", "feedbackAt", "feedbackScore", "feedbackScale", "feedbackAskedAt", "healthTrend",
] as const;
const accountColumns = selectOf(ACCOUNT_COLUMNS);

const COMPLAINT_COLUMNS = ["id", "accountId", "openedAt", "severity", "summary", "firstResponseAt"] as const;
const complaintColumns = selectOf(COMPLAINT_COLUMNS);

/**
 * Most ids one `IN (…)` list may carry. Prisma cannot split an ordered or limited query across
 * several statements, and SQLite takes at most 999 bound values per statement.
 */
export const MAX_IDS_PER_QUERY = 500;

/**
 * Loads one page of account snapshots with two queries (accounts, then their open complaints),
 * keyset-paginated by id so memory holds one page whatever the portfolio size. A page of the whole
 * portfolio covers every account between its first and last id, so its complaints are read as one
 * index range (any page size); a page of chosen accounts (`onlyIds`, at most MAX_IDS_PER_QUERY of
 * them) reads them by id.
 */
export async function loadSnapshotPage(
  db: Db,
  page: { afterId: string | null; size: number; onlyIds?: string[] },
): Promise<AccountSnapshot[]> {
  if (!page.onlyIds) return (await readPortfolioPage(db, page.afterId ?? "", page.size)).map(snapshotOf);
  const accounts = await db.account.findMany({
    where: { id: { in: page.onlyIds, ...(page.afterId !== null && { gt: page.afterId }) } },
    select: accountColumns,
    orderBy: { id: "asc" },
    take: page.size,
  });
  if (accounts.length === 0) return [];
  const snapshots = accounts.map((a) => {
    const s = snapshot(a.id, a.name, a.stage, a.stageSince, a.createdAt, a.ownerId, a.segment, a.timeZone,
      a.renewalDate, a.lastCustomerTouchAt, a.lastComplaintAt, a.cadenceDueDays, a.cadenceOverdueDays);
    return withActivity(s, a.annualValue, a.lastInboundAt, a.lastOutboundAt, a.unansweredOutbound, a.unansweredSince, a.mainContact, a.otherContactAt,
      a.feedbackId, a.feedbackAt, a.feedbackScore, a.feedbackScale, a.feedbackAskedAt, a.healthTrend);
  });
  const complaints = await db.complaint.findMany({
    where: { accountId: { in: accounts.map((a) => a.id) }, resolvedAt: null },
    select: complaintColumns,
    orderBy: [{ openedAt: "asc" }, { id: "asc" }],
  });
  return withComplaints(snapshots, complaints.map(({ accountId, ...c }) => ({ accountId, complaint: c })));
}

// The full scan's page reads, as plain SQL through the driver (src/store/rows.ts): the same rows as
// the query builder at a fraction of the cost, on the path that reads every account of every scan.
// Rows stay as read until an account is evaluated: the scan's memo (src/nudges/memo.ts) hashes them
// as they are, and an account whose memo holds is never turned into a snapshot.
// Quoted identifiers read the same in SQLite and PostgreSQL.
const ACCOUNT_PAGE = selectSql([...ACCOUNT_COLUMNS, "scanDigest", "scanFrom", "scanUntil"], `FROM "Account" WHERE "id" > ? ORDER BY "id" LIMIT ?`);
/** Where the rules' columns end in an ACCOUNT_PAGE row, and the memo's begin. */
export const ACCOUNT_INPUTS = ACCOUNT_COLUMNS.length;
/**
 * The columns the memo's digest covers: every rule input but the health trend (the last one). Only an
 * evaluation writes the trend, with a new memo, and adding today's point never changes that
 * evaluation's answer (the at-risk rule looks at the days before today), so the memo need not see it.
 */
export const DIGESTED_INPUTS = ACCOUNT_COLUMNS.indexOf("healthTrend");

const OPEN_COMPLAINTS_OF_RANGE = selectSql(
  COMPLAINT_COLUMNS,
  `FROM "Complaint" WHERE "accountId" >= ? AND "accountId" <= ? AND "resolvedAt" IS NULL ORDER BY "openedAt", "id"`,
);

/** One account of a portfolio page, as read: its row (rule inputs, then memo) and its open complaints' rows. */
export interface AccountRows {
  row: unknown[];
  complaints: unknown[][];
}

export async function readPortfolioPage(db: Db, afterId: string, size: number): Promise<AccountRows[]> {
  const reader = rowReader(db);
  const rows = await reader.all(ACCOUNT_PAGE, [afterId, size]);
  if (rows.length === 0) return [];
  const complaints = await reader.all(OPEN_COMPLAINTS_OF_RANGE, [rows[0][0] as string, rows[rows.length - 1][0] as string]);
  const byAccount = groupBy(complaints, (c) => c[1] as string);
  return rows.map((row) => ({ row, complaints: byAccount.get(row[0] as string) ?? NO_ROWS }));
}
const NO_ROWS: unknown[][] = [];

// A rescan of chosen accounts (after a write: the API, a CSV chunk) reads the same way, by id list:
// one JSON parameter (inJsonArray), so the statements are prepared once whatever the number of ids.
const CHOSEN_PAGE = (d: RowReader["dialect"]) => ({
  accounts: selectSql(ACCOUNT_COLUMNS, `FROM "Account" WHERE "id" ${inJsonArray(d)} AND "id" > ? ORDER BY "id" LIMIT ?`),
  complaints: selectSql(COMPLAINT_COLUMNS, `FROM "Complaint" WHERE "accountId" ${inJsonArray(d)} AND "resolvedAt" IS NULL ORDER BY "openedAt", "id"`),
});
const chosenPage = { sqlite: CHOSEN_PAGE("sqlite"), postgres: CHOSEN_PAGE("postgres") };

/** The snapshots of the chosen accounts with ids after `afterId` (at most `size`), as loadSnapshotPage with onlyIds reads them through the query builder. */
export async function readChosenPage(db: Db, onlyIds: readonly string[], afterId: string, size: number): Promise<AccountSnapshot[]> {
  const reader = rowReader(db);
  const sql = chosenPage[reader.dialect];
  const rows = await reader.all(sql.accounts, [JSON.stringify(onlyIds), afterId, size]);
  if (rows.length === 0) return [];
  const complaints = await reader.all(sql.complaints, [JSON.stringify(rows.map((r) => r[0] as string))]);
  const byAccount = groupBy(complaints, (c) => c[1] as string);
  return rows.map((row) => snapshotOf({ row, complaints: byAccount.get(row[0] as string) ?? NO_ROWS }));
}

/** The snapshot the rules read, from an account's rows as read. */
export function snapshotOf({ row: v, complaints }: AccountRows): AccountSnapshot {
  const s = snapshot(v[0] as string, v[1] as string, v[2] as Stage, storedTime(v[3])!, storedTime(v[4])!, v[5] as string | null, v[6] as string | null,
    v[7] as string, v[8] as string | null, storedTime(v[9]), storedTime(v[10]), v[11] as number | null, v[12] as number | null);
  withActivity(s, v[13] === null ? null : Number(v[13]), storedTime(v[14]), storedTime(v[15]), Number(v[16]), storedTime(v[17]), v[18] as string | null,
    storedTime(v[19]), v[20] === null ? null : Number(v[20]), storedTime(v[21]), v[22] === null ? null : Number(v[22]), v[23] as FeedbackScale | null,
    storedTime(v[24]), v[25] as string | null);
  if (complaints.length > 0) {
    s.openComplaints = complaints.map((c) => ({
      id: c[0] as number, openedAt: storedTime(c[2])!, severity: c[3] as ComplaintSeverity, summary: c[4] as string, firstResponseAt: storedTime(c[5]),
    }));
  }
  return s;
}

/** The memo stored with an account's row. */
export function memoOf({ row }: AccountRows): ScanMemo {
  return { digest: row[ACCOUNT_INPUTS] as string | null, fromMs: storedMs(row[ACCOUNT_INPUTS + 1]), untilMs: storedMs(row[ACCOUNT_INPUTS + 2]) };
}

// Positional and field by field: this runs for every account of every scan, and a literal of known
// shape costs a fraction of copying or spreading an object's properties.
function snapshot(
  id: string, name: string, stage: Stage, stageSince: Date, createdAt: Date, ownerId: string | null, segment: string | null,
  timeZone: string, renewalDate: string | null, lastCustomerTouchAt: Date | null, lastComplaintAt: Date | null,
  dueDays: number | null, overdueDays: number | null,
): AccountSnapshot {
  const cadenceOverride = dueDays === null && overdueDays === null ? null : { dueDays, overdueDays };
  return {
    id, name, stage, stageSince, createdAt, ownerId, segment, timeZone, renewalDate, lastCustomerTouchAt, lastComplaintAt, cadenceOverride, openComplaints: NO_COMPLAINTS,
    annualValue: null, lastInboundAt: null, lastOutboundAt: null, unanswered: null, breadth: null, feedback: null, feedbackAskedAt: null, healthTrend: NO_TREND,
  };
}

/** The account's touch, feedback and health columns (src/activity/touchAggregates.ts, feedback.ts; src/rules/health/trend.ts). */
function withActivity(
  s: AccountSnapshot, annualValue: number | null, lastInboundAt: Date | null, lastOutboundAt: Date | null, unansweredCount: number, unansweredSince: Date | null,
  mainContact: string | null, otherContactAt: Date | null, feedbackId: number | null, feedbackAt: Date | null, feedbackScore: number | null,
  feedbackScale: FeedbackScale | null, feedbackAskedAt: Date | null, healthTrend: string | null,
): AccountSnapshot {
  s.annualValue = annualValue;
  s.lastInboundAt = lastInboundAt;
  s.lastOutboundAt = lastOutboundAt;
  if (unansweredCount > 0 && unansweredSince) s.unanswered = { count: unansweredCount, since: unansweredSince };
  if (mainContact) s.breadth = { mainContact, otherContactAt };
  if (feedbackId !== null && feedbackAt && feedbackScore !== null && feedbackScale) s.feedback = { id: feedbackId, at: feedbackAt, scale: feedbackScale, score: feedbackScore };
  s.feedbackAskedAt = feedbackAskedAt;
  if (healthTrend) s.healthTrend = parseTrend(healthTrend);
  return s;
}

const NO_TREND: readonly HealthPoint[] = Object.freeze([]);

/** Most accounts have no open complaint: they share one empty list. */
const NO_COMPLAINTS: readonly ComplaintSnapshot[] = Object.freeze([]);

/** Files each open complaint (already in openedAt order) under its account. */
function withComplaints(snapshots: AccountSnapshot[], complaints: { accountId: string; complaint: ComplaintSnapshot }[]): AccountSnapshot[] {
  if (complaints.length === 0) return snapshots;
  const byAccount = groupBy(complaints, (c) => c.accountId);
  for (const s of snapshots) s.openComplaints = byAccount.get(s.id)?.map((c) => c.complaint) ?? s.openComplaints;
  return snapshots;
}
