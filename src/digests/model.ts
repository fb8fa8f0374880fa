import type { NudgeSeverity } from "../domain/nudges.js";
import type { Stage } from "../domain/stages.js";
import { ruleTitle } from "../rules/index.js";
import { addDaysToDate, daysBetweenDates, isValidTimeZone, localDate } from "../rules/time.js";
import type { Db } from "../store/client.js";
import { ruleFilterOf, type ChannelScope } from "../domain/channels.js";
import { accountFilter } from "./scope.js";

export interface DigestPerson {
  id: string;
  name: string;
  slackUserId: string | null;
  teamsUserId: string | null;
}

export interface DigestNudge {
  id: number;
  rule: string;
  title: string;
  severity: NudgeSeverity;
  accountName: string;
  reason: string;
  escalated: boolean;
  raisedAt: Date;
}

export interface OwnerNudges {
  owner: DigestPerson | null;
  total: number;
  nudges: DigestNudge[];
}

/** A list cut to `listLimit` items, with the full count for "and N more". */
export interface Listed<T> {
  total: number;
  items: T[];
}

export interface DigestRenewal {
  accountName: string;
  renewalDate: string;
  daysAway: number;
  stage: Stage;
  owner: DigestPerson | null;
  annualValue: number | null;
}

export interface DigestStageMove {
  accountName: string;
  from: Stage | null;
  to: Stage;
  byName: string | null;
  at: Date;
  reason: string | null;
}

export interface DigestModel {
  periodStart: Date;
  periodEnd: Date;
  accountsWatched: number;
  counts: {
    open: number;
    overdue: number;
    escalated: number;
    acknowledged: number;
    snoozed: number;
    resolvedInPeriod: number;
    touchpoints: number;
    accountsTouched: number;
    stageMoves: number;
  };
  byOwner: OwnerNudges[];
  /** Open nudges the noise budget kept from being posted in the channel (src/delivery/noiseBudget.ts). */
  held: Listed<DigestNudge>;
  overdue: Listed<DigestNudge>;
  escalated: Listed<DigestNudge>;
  renewals: { within30: Listed<DigestRenewal>; within60: Listed<DigestRenewal>; within90: Listed<DigestRenewal> };
  stageMoves: Listed<DigestStageMove>;
  touchpointsByKind: { kind: string; count: number }[];
  touchpointsByPerson: { name: string; count: number }[];
  neverTouched: Listed<{ accountName: string; stage: Stage; owner: DigestPerson | null }>;
}

export interface DigestRequest {
  scope: ChannelScope;
  periodStart: Date;
  periodEnd: Date;
  now: Date;
  timeZone: string;
  /** Items per list; the rest are counted. */
  listLimit?: number;
  /** The nudges held back from the channel since its last digest. */
  heldNudgeIds?: readonly number[];
}

const person = { id: true, name: true, slackUserId: true, teamsUserId: true } as const;
const SEVERITY_ORDER: Record<NudgeSeverity, number> = { critical: 0, warning: 1, info: 2 };

/**
 * What a channel's manager digest says, for the accounts the channel watches: open nudges by owner,
 * overdue (critical) and escalated ones, renewals ahead, stage moves and touchpoints in the period,
 * and accounts nobody has ever contacted. A fixed handful of set-based queries whatever the size.
 */
export async function buildDigest(db: Db, req: DigestRequest): Promise<DigestModel> {
  const limit = req.listLimit ?? 10;
  const accounts = await accountFilter(db, req.scope);
  const rules = ruleFilterOf(req.scope.rules);
  const nudgeWhere = { account: accounts, ...(rules ? { rule: { in: rules } } : {}) };
  const inPeriod = { gte: req.periodStart, lt: req.periodEnd };
  const today = localDate(req.now, req.timeZone);
  // A zone that cannot be read (written straight into the database) falls back to the channel's
  // calendar rather than failing the whole digest, which would then be retried forever.
  const accountToday = (zone: string) => (isValidTimeZone(zone) ? localDate(req.now, zone) : today);

  const [accountsWatched, active, resolvedInPeriod, renewals, moves, touchByKind, touchByPerson, touchedAccounts, never, neverCount] =
    await Promise.all([
      db.account.count({ where: accounts }),
      db.nudge.findMany({
        where: { ...nudgeWhere, status: { in: ["open", "acknowledged", "snoozed"] } },
        select: {
          id: true, rule: true, severity: true, status: true, reason: true, escalatedAt: true, raisedAt: true,
          account: { select: { name: true, owner: { select: person } } },
        },
      }),
      db.nudge.count({ where: { ...nudgeWhere, status: "resolved", resolvedAt: inPeriod } }),
      db.account.findMany({
        // Widened by the most two calendars can differ (UTC-12 vs UTC+14); each account's own days are counted below.
        where: { AND: [accounts, { renewalDate: { gte: addDaysToDate(today, -2), lte: addDaysToDate(today, 92) } }, { stage: { not: "exit" } }] },
        select: { name: true, renewalDate: true, stage: true, annualValue: true, timeZone: true, owner: { select: person } },
        orderBy: { renewalDate: "asc" },
      }),
      db.stageChange.findMany({
        where: { account: accounts, at: inPeriod, kind: { not: "initial" } },
        select: { fromStage: true, toStage: true, byName: true, at: true, reason: true, account: { select: { name: true } } },
        orderBy: { at: "desc" },
      }),
      db.touchpoint.groupBy({ by: ["kind"], where: { account: accounts, occurredAt: inPeriod }, _count: { _all: true } }),
      db.touchpoint.groupBy({ by: ["byName"], where: { account: accounts, occurredAt: inPeriod }, _count: { _all: true } }),
      db.touchpoint.findMany({ where: { account: accounts, occurredAt: inPeriod }, distinct: ["accountId"], select: { accountId: true } }),
      db.account.findMany({
        where: { AND: [accounts, { lastCustomerTouchAt: null }, { stage: { notIn: ["awareness", "exit"] } }] },
        select: { name: true, stage: true, owner: { select: person } },
        orderBy: { name: "asc" },
        take: limit,
      }),
      db.account.count({ where: { AND: [accounts, { lastCustomerTouchAt: null }, { stage: { notIn: ["awareness", "exit"] } }] } }),
    ]);

  const open = active
    .filter((n) => n.status === "open")
    .map(
      (n): DigestNudge & { owner: DigestPerson | null } => ({
        id: n.id,
        rule: n.rule,
        title: ruleTitle(n.rule),
        severity: n.severity,
        accountName: n.account.name,
        reason: n.reason,
        escalated: n.escalatedAt !== null,
        raisedAt: n.raisedAt,
        owner: n.account.owner,
      }),
    )
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.raisedAt.getTime() - b.raisedAt.getTime());

  const renewalItems = renewals
    .map((a) => ({
      accountName: a.name,
      renewalDate: a.renewalDate!,
      daysAway: daysBetweenDates(accountToday(a.timeZone), a.renewalDate!), // the account's own calendar, as the renewal rule counts
      stage: a.stage,
      owner: a.owner,
      annualValue: a.annualValue,
    }))
    .filter((r) => r.daysAway >= 0 && r.daysAway <= 90);
  const stageMoves = moves.map((m) => ({ accountName: m.account.name, from: m.fromStage, to: m.toStage, byName: m.byName, at: m.at, reason: m.reason }));
  const overdue = open.filter((n) => n.severity === "critical");
  const escalated = open.filter((n) => n.escalated);

  return {
    periodStart: req.periodStart,
    periodEnd: req.periodEnd,
    accountsWatched,
    counts: {
      open: open.length,
      overdue: overdue.length,
      escalated: escalated.length,
      acknowledged: active.filter((n) => n.status === "acknowledged").length,
      snoozed: active.filter((n) => n.status === "snoozed").length,
      resolvedInPeriod,
      touchpoints: touchByKind.reduce((sum, r) => sum + r._count._all, 0),
      accountsTouched: touchedAccounts.length,
      stageMoves: stageMoves.length,
    },
    byOwner: groupByOwner(open, limit),
    held: listed(open.filter((n) => req.heldNudgeIds?.includes(n.id)), limit),
    overdue: listed(overdue, limit),
    escalated: listed(escalated, limit),
    renewals: {
      within30: listed(renewalItems.filter((r) => r.daysAway <= 30), limit),
      within60: listed(renewalItems.filter((r) => r.daysAway > 30 && r.daysAway <= 60), limit),
      within90: listed(renewalItems.filter((r) => r.daysAway > 60), limit),
    },
    stageMoves: listed(stageMoves, limit),
    touchpointsByKind: touchByKind.map((r) => ({ kind: r.kind, count: r._count._all })).sort((a, b) => b.count - a.count),
    touchpointsByPerson: touchByPerson
      .map((r) => ({ name: r.byName ?? "imported", count: r._count._all }))
      .sort((a, b) => b.count - a.count)
      .slice(0, limit),
    neverTouched: { total: neverCount, items: never.map((a) => ({ accountName: a.name, stage: a.stage, owner: a.owner })) },
  };
}

function listed<T>(items: T[], limit: number): Listed<T> {
  return { total: items.length, items: items.slice(0, limit) };
}

function groupByOwner(open: (DigestNudge & { owner: DigestPerson | null })[], limit: number): OwnerNudges[] {
  const groups = new Map<string, OwnerNudges>();
  for (const { owner, ...nudge } of open) {
    const key = owner?.id ?? "";
    const group = groups.get(key) ?? { owner, total: 0, nudges: [] };
    group.total += 1;
    if (group.nudges.length < limit) group.nudges.push(nudge);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.total - a.total || (a.owner?.name ?? "~").localeCompare(b.owner?.name ?? "~"));
}
