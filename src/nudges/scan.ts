import type { Logger } from "pino";
import type { NudgeCandidate } from "../domain/snapshot.js";
import { evaluateAccount } from "../rules/index.js";
import type { Policy } from "../rules/policy.js";
import { rowReader, type Db, type Tx } from "../store/client.js";
import { rowQuery, selectOf } from "../store/rows.js";
import { applyDecisions, type ApplyCounts, type BindingForScan } from "./apply.js";
import { planNudgeChanges, type ActiveNudge } from "./plan.js";
import { answerHoldsUntil, inputDigest, memoHolds, type NewMemo } from "./memo.js";
import { writeMemos } from "./memoWrite.js";
import { loadSnapshotPage, MAX_IDS_PER_QUERY, readPortfolioPage, type PortfolioPage } from "./snapshots.js";

export interface ScanOptions {
  now: Date;
  policy: Policy;
  /** Only these accounts (a command just changed them); default: the whole portfolio. */
  accountIds?: string[];
  pageSize?: number;
  /** Evaluate every account even where its memo holds (the benchmark's full evaluation). */
  evaluateAll?: boolean;
  log?: Logger;
}

export interface ScanResult extends ApplyCounts {
  accounts: number;
  /** Accounts whose memo held (src/nudges/memo.ts): read, not evaluated. */
  skipped: number;
  candidates: number;
  durationMs: number;
}

export const DEFAULT_PAGE_SIZE = 2000;

/**
 * Evaluates every rule for every account (or the given ones), page by page: three reads per page
 * (accounts, open complaints, active nudges), rules in memory, then one transaction per page that
 * raises, re-raises, escalates and auto-resolves. Running it twice changes nothing the second time.
 *
 * The whole-portfolio scan skips the rules for accounts whose memo holds (nothing they read has
 * changed and nothing is due), and records a memo for each account it evaluates.
 */
export async function runScan(db: Db, opts: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const bindings = await loadBindings(db);
  const total: ScanResult = { accounts: 0, skipped: 0, candidates: 0, raised: 0, severityUp: 0, snoozeEnded: 0, escalated: 0, resolved: 0, deliveries: 0, durationMs: 0 };
  for (const onlyIds of idSlices(opts.accountIds)) {
    let afterId: string | null = null;
    for (;;) {
      const page: PortfolioPage = onlyIds
        ? { accounts: await loadSnapshotPage(db, { afterId, size: pageSize, onlyIds }), memos: [] }
        : await readPortfolioPage(db, afterId ?? "", pageSize);
      const accounts = page.accounts;
      if (accounts.length === 0) break;
      afterId = accounts[accounts.length - 1].id;
      const counts = await withRetryOnConflict(async () => {
        const active = onlyIds ? await loadActiveNudges(db, onlyIds) : await loadActiveNudgesOfRange(db, accounts[0].id, afterId!);
        const evaluation = evaluatePage(page, active, opts);
        const decisions = planNudgeChanges(evaluation.candidates, evaluation.active, opts.policy, opts.now);
        if (decisions.length === 0 && evaluation.memos.length === 0) return { evaluation, applied: null };
        const owners = new Map(accounts.map((a) => [a.id, { ownerId: a.ownerId, segment: a.segment }]));
        const applied = await db.$transaction(
          async (tx) => {
            const applied = await applyDecisions(tx, decisions, { now: opts.now, accounts: owners, bindings });
            await writeMemos(tx, rowReader(db).dialect, evaluation.memos);
            return applied;
          },
          { timeout: 60_000 },
        );
        return { evaluation, applied };
      });
      total.accounts += accounts.length;
      total.skipped += counts.evaluation.skipped;
      total.candidates += counts.evaluation.candidates.length;
      if (counts.applied) for (const k of Object.keys(counts.applied) as (keyof ApplyCounts)[]) total[k] += counts.applied[k];
      if (accounts.length < pageSize) break;
    }
  }
  total.durationMs = Math.round(performance.now() - started);
  opts.log?.info({ scan: total }, "scan finished");
  return total;
}

interface PageEvaluation {
  candidates: NudgeCandidate[];
  /** The active nudges of the evaluated accounts: only those can the planner decide about. */
  active: ActiveNudge[];
  memos: NewMemo[];
  skipped: number;
}

/**
 * Rules throw on data they cannot read (an unknown time zone written straight into the database).
 * That account is logged and left out, nudges included, so a bad row never resolves its nudges.
 */
function evaluatePage(page: PortfolioPage, active: ActiveNudge[], opts: ScanOptions): PageEvaluation {
  const { policy, now } = opts;
  const out: PageEvaluation = { candidates: [], active: [], memos: [], skipped: 0 };
  const activeOf = new Map<string, ActiveNudge[]>();
  for (const n of active) {
    const list = activeOf.get(n.accountId);
    if (list) list.push(n);
    else activeOf.set(n.accountId, [n]);
  }
  page.accounts.forEach((account, i) => {
    const mine = activeOf.get(account.id) ?? [];
    const memo = page.memos[i];
    const digest = memo ? inputDigest(account, mine, policy) : null;
    if (memo && digest !== null && !opts.evaluateAll && memoHolds(memo, digest, now)) {
      out.skipped++;
      return;
    }
    try {
      const verdicts = evaluateAccount(account, policy, now);
      for (const v of verdicts) for (const c of v.candidates) out.candidates.push(c);
      for (const n of mine) out.active.push(n);
      if (digest === null) return;
      const until = answerHoldsUntil(verdicts, mine, policy, now);
      // The same answer as stored (an evaluation forced by evaluateAll) needs no write: its `from` is still in the past.
      const unchanged = memo.digest === digest && memo.until?.getTime() === until.getTime() && memo.from !== null && memo.from <= now;
      if (!unchanged) out.memos.push({ accountId: account.id, digest, from: now, until });
    } catch (err) {
      opts.log?.error({ accountId: account.id, err: (err as Error).message }, "account skipped by the scan: its data could not be evaluated");
    }
  });
  return out;
}

const ACTIVE_NUDGE_COLUMNS = ["id", "dedupeKey", "rule", "accountId", "severity", "status", "snoozedUntil", "raisedAt", "escalatedAt", "version"] as const;
const activeNudgeColumns = selectOf(ACTIVE_NUDGE_COLUMNS);

export async function loadActiveNudges(db: Db, accountIds: string[]): Promise<ActiveNudge[]> {
  return db.nudge.findMany({
    where: { accountId: { in: accountIds }, status: { not: "resolved" } },
    select: activeNudgeColumns,
  }) as Promise<ActiveNudge[]>;
}

/** The active nudges of the accounts with ids from `firstId` to `lastId`: one index range, whatever the page size. */
export function loadActiveNudgesOfRange(db: Db, firstId: string, lastId: string): Promise<ActiveNudge[]> {
  return rowReader(db).all(ACTIVE_NUDGES_OF_RANGE, [firstId, lastId]);
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
