/**
 * The numbers behind a digest's charts, for the accounts (and rules) a channel watches: nudges open
 * and cleared per week, renewals per month ahead. One set-based query each; drawing them is
 * src/digests/charts/.
 */
import { DateTime } from "luxon";
import { ruleFilterOf, type ChannelScope } from "../domain/channels.js";
import { parseTrend } from "../rules/health/index.js";
import { inZone } from "../rules/time.js";
import type { Db } from "../store/client.js";
import { accountFilter } from "./scope.js";

/**
 * One local week (Monday 00:00 to the next Monday 00:00 in the channel's zone; the last one ends at
 * the digest's `through`). `open`: nudges raised before the week's end and not resolved by then
 * (acknowledged and snoozed ones included: they are not done). `cleared`: nudges resolved in the week.
 * The fields keep a nudge's first raising and latest resolution only, so one resolved and later
 * reopened counts as open since its first raising.
 */
export interface WeekNudges {
  /** The week's Monday, "YYYY-MM-DD" in the channel's zone. */
  weekStart: string;
  open: number;
  cleared: number;
}

/** Renewals dated in one calendar month, from today on (the current month counts only what is still ahead); exit accounts left out. */
export interface MonthRenewals {
  /** "YYYY-MM". */
  month: string;
  renewals: number;
  /** The sum of their annual values; accounts without one count as 0 and in `withoutValue`. */
  annualValue: number;
  withoutValue: number;
}

/** How many watched accounts are in each health band, by the latest score the scan recorded; accounts not scored yet are left out. */
export interface HealthBandCounts {
  healthy: number;
  watch: number;
  atRisk: number;
}

/** The policy's band edges (policy.health). */
export interface HealthBands {
  healthyAtLeast: number;
  atRisk: { floor: number };
}

export interface DigestTrends {
  weeks: WeekNudges[];
  months: MonthRenewals[];
  bands: HealthBandCounts;
}

export interface TrendRequest {
  scope: ChannelScope;
  /** The end of what the digest covers (its period's end). */
  through: Date;
  now: Date;
  timeZone: string;
  weeks?: number;
  months?: number;
  bands: HealthBands;
}

export const TREND_WEEKS = 8;
export const TREND_MONTHS = 6;

export async function digestTrends(db: Db, req: TrendRequest): Promise<DigestTrends> {
  const accounts = await accountFilter(db, req.scope);
  const [weeks, months, bands] = await Promise.all([nudgeWeeks(db, accounts, req), renewalMonths(db, accounts, req), healthBandCounts(db, accounts, req.bands)]);
  return { weeks, months, bands };
}

/** The latest point of each account's trend (the Account row keeps the last days'), counted by band. */
async function healthBandCounts(db: Db, accounts: AccountWhere, bands: HealthBands): Promise<HealthBandCounts> {
  const rows = await db.account.findMany({ where: { AND: [accounts, { healthTrend: { not: null } }, { stage: { not: "exit" } }] }, select: { healthTrend: true } });
  const counts: HealthBandCounts = { healthy: 0, watch: 0, atRisk: 0 };
  for (const { healthTrend } of rows) {
    const latest = parseTrend(healthTrend).at(-1);
    if (!latest) continue;
    if (latest.score >= bands.healthyAtLeast) counts.healthy++;
    else if (latest.score < bands.atRisk.floor) counts.atRisk++;
    else counts.watch++;
  }
  return counts;
}

type AccountWhere = Awaited<ReturnType<typeof accountFilter>>;

/** The local weeks ending with the one that holds the last instant covered, oldest first. */
export function trendWeeks(through: Date, zone: string, count = TREND_WEEKS): { weekStart: string; start: Date; end: Date }[] {
  const lastMonday = inZone(new Date(through.getTime() - 1), zone).startOf("week");
  return Array.from({ length: count }, (_, i) => {
    const start = lastMonday.minus({ weeks: count - 1 - i });
    const end = i === count - 1 ? through : start.plus({ weeks: 1 }).toJSDate();
    return { weekStart: start.toISODate()!, start: start.toJSDate(), end };
  });
}

async function nudgeWeeks(db: Db, accounts: AccountWhere, req: TrendRequest): Promise<WeekNudges[]> {
  const weeks = trendWeeks(req.through, req.timeZone, req.weeks);
  const rules = ruleFilterOf(req.scope.rules);
  const nudges = await db.nudge.findMany({
    where: {
      account: accounts,
      ...(rules ? { rule: { in: rules } } : {}),
      firstRaisedAt: { lt: req.through },
      OR: [{ resolvedAt: null }, { resolvedAt: { gte: weeks[0].start } }],
    },
    select: { firstRaisedAt: true, resolvedAt: true },
  });
  return weeks.map(({ weekStart, start, end }) => ({
    weekStart,
    open: nudges.filter((n) => n.firstRaisedAt < end && (n.resolvedAt === null || n.resolvedAt >= end)).length,
    cleared: nudges.filter((n) => n.resolvedAt !== null && n.resolvedAt >= start && n.resolvedAt < end).length,
  }));
}

async function renewalMonths(db: Db, accounts: AccountWhere, req: TrendRequest): Promise<MonthRenewals[]> {
  const today = inZone(req.now, req.timeZone).startOf("day");
  const firstMonth = today.startOf("month");
  const months = Array.from({ length: req.months ?? TREND_MONTHS }, (_, i) => firstMonth.plus({ months: i }).toFormat("yyyy-MM"));
  const end = DateTime.fromISO(`${months.at(-1)}-01`).plus({ months: 1 }).toISODate()!;
  const renewing = await db.account.findMany({
    where: { AND: [accounts, { renewalDate: { gte: today.toISODate()!, lt: end } }, { stage: { not: "exit" } }] },
    select: { renewalDate: true, annualValue: true },
  });
  return months.map((month) => {
    const inMonth = renewing.filter((a) => a.renewalDate!.startsWith(month));
    return {
      month,
      renewals: inMonth.length,
      annualValue: inMonth.reduce((sum, a) => sum + (a.annualValue ?? 0), 0),
      withoutValue: inMonth.filter((a) => a.annualValue === null).length,
    };
  });
}
