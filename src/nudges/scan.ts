import type { Logger } from "pino";
import type { AccountSnapshot, NudgeCandidate } from "../domain/snapshot.js";
import { evaluateAccount } from "../rules/index.js";
import type { Policy } from "../rules/policy.js";
import { rowReader, type Db, type Tx } from "../store/client.js";
import { rowQuery, selectOf } from "../store/rows.js";
import { applyDecisions, type ApplyCounts, type BindingForScan } from "./apply.js";
import { planNudgeChanges, type ActiveNudge } from "./plan.js";
import { loadSnapshotPage, MAX_IDS_PER_QUERY } from "./snapshots.js";

export interface ScanOptions {
  now: Date;
  policy: Policy;
  /** Only these accounts (a command just changed them); default: the whole portfolio. */
  accountIds?: string[];
  pageSize?: number;
  log?: Logger;
}

export interface ScanResult extends ApplyCounts {
  accounts: number;
  candidates: number;
  durationMs: number;
}

export const DEFAULT_PAGE_SIZE = 2000;

/**
 * Evaluates every rule for every account (or the given ones), page by page: three reads per page
 * (accounts, open complaints, active nudges), rules in memory, then one transaction per page that
 * raises, re-raises, escalates and auto-resolves. Running it twice changes nothing the second time.
 */
export async function runScan(db: Db, opts: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const bindings = await loadBindings(db);
  const total: ScanResult = { accounts: 0, candidates: 0, raised: 0, severityUp: 0, snoozeEnded: 0, escalated: 0, resolved: 0, deliveries: 0, durationMs: 0 };
  for (const onlyIds of idSlices(opts.accountIds)) {
    let afterId: string | null = null;
    for (;;) {
      const page = await loadSnapshotPage(db, { afterId, size: pageSize, onlyIds });
      if (page.length === 0) break;
      afterId = page[page.length - 1].id;
      const { candidates, evaluatedIds } = evaluatePage(page, opts);
      const counts = await withRetryOnConflict(async () => {
        const active = onlyIds ? await loadActiveNudges(db, evaluatedIds) : await loadActiveNudgesOfPage(db, page, evaluatedIds);
        const decisions = planNudgeChanges(candidates, active, opts.policy, opts.now);
        if (decisions.length === 0) return null;
        const accounts = new Map(page.map((a) => [a.id, { ownerId: a.ownerId, segment: a.segment }]));
        return db.$transaction((tx) => applyDecisions(tx, decisions, { now: opts.now, accounts, bindings }), { timeout: 60_000 });
      });
      total.accounts += page.length;
      total.candidates += candidates.length;
      if (counts) for (const k of Object.keys(counts) as (keyof ApplyCounts)[]) total[k] += counts[k];
      if (page.length < pageSize) break;
    }
  }
  total.durationMs = Math.round(performance.now() - started);
  opts.log?.info({ scan: total }, "scan finished");
  return total;
}

/**
 * Rules throw on data they cannot read (an unknown time zone written straight into the database).
 * That account is logged and left out, nudges included, so a bad row never resolves its nudges.
 */
function evaluatePage(page: AccountSnapshot[], opts: ScanOptions): { candidates: NudgeCandidate[]; evaluatedIds: string[] } {
  const candidates: NudgeCandidate[] = [];
  const evaluatedIds: string[] = [];
  for (const account of page) {
    try {
      for (const v of evaluateAccount(account, opts.policy, opts.now)) for (const c of v.candidates) candidates.push(c);
      evaluatedIds.push(account.id);
    } catch (err) {
      opts.log?.error({ accountId: account.id, err: (err as Error).message }, "account skipped by the scan: its data could not be evaluated");
    }
  }
  return { candidates, evaluatedIds };
}

const ACTIVE_NUDGE_COLUMNS = ["id", "dedupeKey", "rule", "accountId", "severity", "status", "snoozedUntil", "raisedAt", "escalatedAt", "version"] as const;
const activeNudgeColumns = selectOf(ACTIVE_NUDGE_COLUMNS);

export async function loadActiveNudges(db: Db, accountIds: string[]): Promise<ActiveNudge[]> {
  return db.nudge.findMany({
    where: { accountId: { in: accountIds }, status: { not: "resolved" } },
    select: activeNudgeColumns,
  }) as Promise<ActiveNudge[]>;
}

/**
 * The active nudges of a keyset page of the whole portfolio: one index range from its first to its
 * last account id (no id list, whatever the page size), kept to the accounts the rules evaluated.
 */
export async function loadActiveNudgesOfPage(db: Db, page: AccountSnapshot[], evaluatedIds: string[]): Promise<ActiveNudge[]> {
  const rows = await rowReader(db).all(ACTIVE_NUDGES_OF_RANGE, [page[0].id, page[page.length - 1].id]);
  const evaluated = new Set(evaluatedIds);
  return rows.filter((n) => evaluated.has(n.accountId));
}

// Plain SQL through the driver, like the page's other reads (src/nudges/snapshots.ts).
const ACTIVE_NUDGES_OF_RANGE = rowQuery({
  name: "scan_active_nudges",
  columns: ACTIVE_NUDGE_COLUMNS,
  rest: `FROM "Nudge" WHERE "accountId" >= ? AND "accountId" <= ? AND "status" <> 'resolved'`,
  dates: ["snoozedUntil", "raisedAt", "escalatedAt"],
  build: (v): ActiveNudge => ({
    id: v[0] as number,
    dedupeKey: v[1] as string,
    rule: v[2] as string,
    accountId: v[3] as string,
    severity: v[4] as ActiveNudge["severity"],
    status: v[5] as ActiveNudge["status"],
    snoozedUntil: v[6] as Date | null,
    raisedAt: v[7] as Date,
    escalatedAt: v[8] as Date | null,
    version: v[9] as number,
  }),
});

/** The whole portfolio (one undefined slice), or the chosen accounts in slices small enough for one id list. */
function idSlices(accountIds: string[] | undefined): (string[] | undefined)[] {
  if (!accountIds) return [undefined];
  const unique = [...new Set(accountIds)];
  const slices: string[][] = [];
  for (let i = 0; i < unique.length; i += MAX_IDS_PER_QUERY) slices.push(unique.slice(i, i + MAX_IDS_PER_QUERY));
  return slices;
}

export async function loadBindings(db: Db | Tx): Promise<BindingForScan[]> {
  return db.channelBinding.findMany({ select: { id: true, platform: true, channelId: true, scope: true, scopeValue: true, rules: true } });
}

/** Another replica raising the same nudge at the same moment trips the unique dedupe key: re-read and re-plan once. */
async function withRetryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if ((err as { code?: string }).code !== "P2002") throw err;
    return work();
  }
}
