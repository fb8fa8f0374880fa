/**
 * The scan's daily health record: for each account it evaluates, today's score (src/rules/health/) as a
 * HealthSnapshot row of the account's local day, and the account's recent trend (what the at-risk
 * rule reads) with today's point in it. Written in the page's transaction, a few statements per
 * page; an unchanged score of a day already recorded writes nothing.
 */
import { chunk } from "../collections.js";
import type { AccountSnapshot } from "../domain/snapshot.js";
import { appendTrend, formatTrend, type HealthAssessment } from "../rules/health/index.js";
import type { Policy } from "../rules/policy.js";
import type { Tx } from "../store/client.js";
import { sqlTimestamp } from "../store/rows.js";
import { valuesList } from "../store/valuesList.js";

export interface HealthWrite {
  accountId: string;
  day: string;
  score: number;
  components: { key: string; pointsLost: number }[];
  /** The account's healthTrend column afterwards. */
  trend: string;
}

/**
 * What to record for an evaluated account, or null when its trend already holds today's score. The
 * trend keeps the days the at-risk rule looks back over, and today.
 */
export function healthWriteOf(account: AccountSnapshot, health: HealthAssessment, policy: Policy): HealthWrite | null {
  const last = account.healthTrend[account.healthTrend.length - 1];
  if (last && last.day === health.day && last.score === health.score) return null;
  const trend = formatTrend(appendTrend(account.healthTrend, { day: health.day, score: health.score }, policy.health.atRisk.days + 1));
  const components = health.components.map((c) => ({ key: c.key, pointsLost: c.pointsLost }));
  return { accountId: account.id, day: health.day, score: health.score, components, trend };
}

/** Rows per statement (five values each), well inside SQLite's limit on bound values. */
const ROWS_PER_STATEMENT = 200;

export async function writeHealth(tx: Tx, dialect: "sqlite" | "postgres", writes: readonly HealthWrite[]): Promise<void> {
  for (const rows of chunk(writes, ROWS_PER_STATEMENT)) {
    const snapshots: (string | number)[] = [];
    const trends: string[] = [];
    const createdAt = sqlTimestamp(new Date(), dialect);
    for (const w of rows) {
      snapshots.push(w.accountId, w.day, w.score, JSON.stringify(w.components), createdAt);
      trends.push(w.accountId, w.trend);
    }
    await tx.$executeRawUnsafe(statements(rows.length, dialect).snapshots, ...snapshots);
    await tx.$executeRawUnsafe(statements(rows.length, dialect).trends, ...trends);
  }
}

const cache = new Map<string, { snapshots: string; trends: string }>();
function statements(rows: number, dialect: "sqlite" | "postgres") {
  const key = `${dialect}:${rows}`;
  let sql = cache.get(key);
  if (sql === undefined) {
    const snapshotValues = valuesList(rows, [null, null, "int", "jsonb", "timestamp(3)"], dialect);
    const trendValues = valuesList(rows, [null, null], dialect);
    const upsert = `INSERT INTO "HealthSnapshot" ("accountId", "day", "score", "components", "createdAt") VALUES ${snapshotValues}
      ON CONFLICT ("accountId", "day") DO UPDATE SET "score" = excluded."score", "components" = excluded."components"`;
    const trends = dialect === "sqlite"
      ? `UPDATE "Account" SET "healthTrend" = v.column2 FROM (VALUES ${trendValues}) AS v WHERE "Account"."id" = v.column1`
      : `UPDATE "Account" AS a SET "healthTrend" = v.t FROM (VALUES ${trendValues}) AS v(id, t) WHERE a."id" = v.id`;
    cache.set(key, (sql = { snapshots: upsert, trends }));
  }
  return sql;
}
