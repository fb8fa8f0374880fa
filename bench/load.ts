/**
 * Bulk loaders for the benchmark portfolio: people and channels through Prisma (a few hundred rows),
 * accounts, touchpoints and complaints through the plain drivers (better-sqlite3 prepared statements
 * in one transaction per chunk; PostgreSQL INSERT … SELECT FROM unnest(arrays), one statement per table
 * per chunk). Neither holds more than one chunk of rows.
 */
import pg from "pg";
import type { Db } from "../src/store/client.js";
import { people, portfolioChunks, type Chunk, type PortfolioSize } from "./portfolio.js";
import { openSqlite, sqliteTime } from "./sqlite-driver.js";

export interface LoadCounts { people: number; accounts: number; touchpoints: number; complaints: number; openComplaints: number }

const ACCOUNT_COLS = ["id", "name", "nameKey", "externalId", "ownerId", "segment", "stage", "stageSince", "renewalDate", "annualValue", "timeZone", "cadenceDueDays", "cadenceOverdueDays", "lastCustomerTouchAt", "lastComplaintAt", "createdAt", "updatedAt",
  "lastInboundAt", "lastOutboundAt", "unansweredOutbound", "unansweredSince", "mainContact", "otherContactAt", "feedbackId", "feedbackAt", "feedbackScore", "feedbackScale", "feedbackAskedAt"] as const;
const TOUCH_COLS = ["id", "accountId", "kind", "direction", "occurredAt", "byPersonId", "byName", "contactName", "summary", "source", "idempotencyKey", "createdAt"] as const;
const COMPLAINT_COLS = ["accountId", "openedAt", "severity", "summary", "externalId", "source", "firstResponseAt", "resolvedAt", "resolution", "createdAt"] as const;

/** The people and the channels nudges are routed to (every nudge reaches two channels: #account-team and its segment's). */
export async function seedPeopleAndChannels(db: Db): Promise<number> {
  const rows = people();
  await db.person.createMany({ data: rows.filter((p) => p.role === "manager") });
  await db.person.createMany({ data: rows.filter((p) => p.role === "rep") });
  await db.channelBinding.createMany({
    data: [
      { platform: "console", channelId: "#account-team", scope: "all", rules: [] },
      { platform: "slack", channelId: "C-ENTERPRISE", scope: "segment", scopeValue: "Enterprise", rules: [] },
      { platform: "slack", channelId: "C-MIDMARKET", scope: "segment", scopeValue: "Mid-market", rules: [] },
      { platform: "teams", channelId: "19:smb@thread.tacv2", scope: "segment", scopeValue: "SMB", rules: [] },
    ],
  });
  return rows.length;
}

function count(totals: LoadCounts, chunk: Chunk) {
  totals.accounts += chunk.accounts.length;
  totals.touchpoints += chunk.touchpoints.length;
  totals.complaints += chunk.complaints.length;
  totals.openComplaints += chunk.complaints.filter((c) => c.resolvedAt === null).length;
}

function insertSql(table: string, cols: readonly string[]): string {
  return `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`;
}

export function loadSqlite(file: string, size: PortfolioSize, now: Date): LoadCounts {
  const db = openSqlite(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -262144"); // 256 MiB: the random-order index inserts stay in memory (this process only loads)
  const insAccount = db.prepare(insertSql("Account", ACCOUNT_COLS));
  const insTouch = db.prepare(insertSql("Touchpoint", TOUCH_COLS));
  const insComplaint = db.prepare(insertSql("Complaint", COMPLAINT_COLS));
  const t = sqliteTime;
  const writeChunk = db.transaction((chunk: Chunk) => {
    for (const a of chunk.accounts) {
      insAccount.run(a.id, a.name, a.nameKey, a.externalId, a.ownerId, a.segment, a.stage, t(a.stageSince), a.renewalDate, a.annualValue, a.timeZone,
        a.cadenceDueDays, a.cadenceOverdueDays, t(a.lastCustomerTouchAt), t(a.lastComplaintAt), t(a.createdAt), t(a.updatedAt),
        t(a.lastInboundAt), t(a.lastOutboundAt), a.unansweredOutbound, t(a.unansweredSince), a.mainContact, t(a.otherContactAt),
        a.feedbackId, t(a.feedbackAt), a.feedbackScore, a.feedbackScale, t(a.feedbackAskedAt));
    }
    for (const p of chunk.touchpoints) {
      insTouch.run(p.id, p.accountId, p.kind, p.direction, t(p.occurredAt), p.byPersonId, p.byName, p.contactName, p.summary, p.source, p.idempotencyKey, t(p.createdAt));
    }
    for (const c of chunk.complaints) {
      insComplaint.run(c.accountId, t(c.openedAt), c.severity, c.summary, c.externalId, c.source, t(c.firstResponseAt), t(c.resolvedAt), c.resolution, t(c.createdAt));
    }
  });
  const totals: LoadCounts = { people: 0, accounts: 0, touchpoints: 0, complaints: 0, openComplaints: 0 };
  for (const chunk of portfolioChunks(size, now)) {
    writeChunk(chunk);
    count(totals, chunk);
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return totals;
}

const PG_TYPES: Record<string, string> = {
  stage: '"Stage"', kind: '"TouchpointKind"', severity: '"ComplaintSeverity"', annualValue: "float8",
  cadenceDueDays: "int4", cadenceOverdueDays: "int4", direction: '"TouchpointDirection"', unansweredOutbound: "int4", feedbackId: "int4",
  feedbackScore: "int4", feedbackScale: '"FeedbackScale"',
};
const PG_TIMES = new Set([
  "stageSince", "lastCustomerTouchAt", "lastComplaintAt", "createdAt", "updatedAt", "occurredAt", "openedAt", "firstResponseAt", "resolvedAt",
  "lastInboundAt", "lastOutboundAt", "unansweredSince", "otherContactAt", "feedbackAt", "feedbackAskedAt",
]);

async function insertColumns<R>(client: pg.Client, table: string, cols: readonly (keyof R & string)[], rows: R[]) {
  if (rows.length === 0) return;
  const types = cols.map((c) => PG_TYPES[c] ?? (PG_TIMES.has(c) ? "timestamp(3)" : "text"));
  const sql = `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) SELECT * FROM unnest(${types.map((ty, i) => `$${i + 1}::${ty}[]`).join(", ")})`;
  // timestamp(3) without time zone holds UTC (as Prisma writes it); an ISO string's "Z" is ignored by the cast.
  const columns = cols.map((c) => rows.map((r) => { const v = r[c]; return v instanceof Date ? v.toISOString() : v; }));
  await client.query(sql, columns);
}

export async function loadPostgres(url: string, size: PortfolioSize, now: Date): Promise<LoadCounts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const totals: LoadCounts = { people: 0, accounts: 0, touchpoints: 0, complaints: 0, openComplaints: 0 };
  try {
    for (const chunk of portfolioChunks(size, now)) {
      await client.query("BEGIN");
      await insertColumns(client, "Account", ACCOUNT_COLS, chunk.accounts);
      await insertColumns(client, "Touchpoint", TOUCH_COLS, chunk.touchpoints);
      await insertColumns(client, "Complaint", COMPLAINT_COLS, chunk.complaints);
      await client.query("COMMIT");
      count(totals, chunk);
    }
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
  return totals;
}
