import type { Logger } from "pino";
import { chunk, groupBy } from "../collections.js";
import type { AccountSnapshot, NudgeCandidate, RuleVerdict } from "../domain/snapshot.js";
import { evaluateAccount } from "../rules/index.js";
import type { Policy } from "../rules/policy.js";
import { rowReader, type Db, type Tx } from "../store/client.js";
import { selectOf, selectSql, storedTime } from "../store/rows.js";
import { applyDecisions, type ApplyCounts, type BindingForScan } from "./apply.js";
import { planNudgeChanges, type ActiveNudge } from "./plan.js";
import { answerHoldsUntil, memoHolds, rowsDigest, type NewMemo } from "./memo.js";
import { writeMemos } from "./memoWrite.js";
import { ACCOUNT_INPUTS, loadSnapshotPage, MAX_IDS_PER_QUERY, memoOf, readPortfolioPage, snapshotOf, type AccountRows } from "./snapshots.js";

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
      const portfolio: AccountRows[] | null = onlyIds ? null : await readPortfolioPage(db, afterId ?? "", pageSize);
      const chosen = onlyIds ? await loadSnapshotPage(db, { afterId, size: pageSize, onlyIds }) : null;
      const ids: string[] = portfolio ? portfolio.map((a) => a.row[0] as string) : chosen!.map((a) => a.id);
      if (ids.length === 0) break;
      afterId = ids[ids.length - 1];
      const result = await withRetryOnConflict(async () => {
        const evaluation = portfolio
          ? evaluatePortfolioPage(portfolio, await readActiveNudgeRows(db, ids[0], afterId!), opts)
          : evaluateChosen(chosen!, await loadActiveNudges(db, onlyIds!), opts);
        const decisions = planNudgeChanges(evaluation.candidates, evaluation.active, opts.policy, opts.now);
        if (decisions.length === 0 && evaluation.memos.length === 0) return { evaluation, applied: null };
        const applied = await db.$transaction(
          async (tx) => {
            const applied = await applyDecisions(tx, decisions, { now: opts.now, accounts: evaluation.owners, bindings });
            await writeMemos(tx, rowReader(db).dialect, evaluation.memos);
            return applied;
          },
          { timeout: 60_000 },
        );
        return { evaluation, applied };
      });
      total.accounts += ids.length;
      total.skipped += result.evaluation.skipped;
      total.candidates += result.evaluation.candidates.length;
      if (result.applied) for (const k of Object.keys(result.applied) as (keyof ApplyCounts)[]) total[k] += result.applied[k];
      if (ids.length < pageSize) break;
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
  /** Owner and segment of the evaluated accounts, for routing what is raised or escalated. */
  owners: Map<string, Pick<AccountSnapshot, "ownerId" | "segment">>;
  memos: NewMemo[];
  skipped: number;
}

const emptyEvaluation = (): PageEvaluation => ({ candidates: [], active: [], owners: new Map(), memos: [], skipped: 0 });

/** A page of the whole portfolio: accounts whose memo holds are skipped; the others get a new memo. */
function evaluatePortfolioPage(page: AccountRows[], nudgeRows: unknown[][], opts: ScanOptions): PageEvaluation {
  const { policy, now } = opts;
  const out = emptyEvaluation();
  const nudgesOf = groupBy(nudgeRows, (n) => n[NUDGE_ACCOUNT_ID] as string);
  for (const rows of page) {
    const mine = nudgesOf.get(rows.row[0] as string) ?? [];
    const memo = memoOf(rows);
    const digest = rowsDigest(rows.row, ACCOUNT_INPUTS, rows.complaints, mine, policy);
    if (!opts.evaluateAll && memoHolds(memo, digest, now)) {
      out.skipped++;
      continue;
    }
    const account = snapshotOf(rows);
    const active = mine.map(activeNudgeOf);
    const verdicts = evaluate(account, active, out, opts);
    if (!verdicts) continue;
    const until = answerHoldsUntil(verdicts, active, policy, now);
    // The same answer as stored (an evaluation forced by evaluateAll) needs no write: its `from` is still in the past.
    const unchanged = memo.digest === digest && memo.untilMs === until.getTime() && memo.fromMs !== null && memo.fromMs <= now.getTime();
    if (!unchanged) out.memos.push({ accountId: account.id, digest, from: now, until });
  }
  return out;
}

/** Chosen accounts (a rescan after a command): all evaluated, no memo kept. */
function evaluateChosen(accounts: AccountSnapshot[], active: ActiveNudge[], opts: ScanOptions): PageEvaluation {
  const out = emptyEvaluation();
  const activeOf = groupBy(active, (n) => n.accountId);
  for (const account of accounts) evaluate(account, activeOf.get(account.id) ?? [], out, opts);
  return out;
}

/**
 * Runs the rules for one account and files what they found. Rules throw on data they cannot read
 * (an unknown time zone written straight into the database): that account is logged and left out,
 * nudges included, so a bad row never resolves its nudges.
 */
function evaluate(account: AccountSnapshot, active: ActiveNudge[], out: PageEvaluation, opts: ScanOptions): RuleVerdict[] | null {
  try {
    const verdicts = evaluateAccount(account, opts.policy, opts.now);
    for (const v of verdicts) for (const c of v.candidates) out.candidates.push(c);
    for (const n of active) out.active.push(n);
    out.owners.set(account.id, { ownerId: account.ownerId, segment: account.segment });
    return verdicts;
  } catch (err) {
    opts.log?.error({ accountId: account.id, err: (err as Error).message }, "account skipped by the scan: its data could not be evaluated");
    return null;
  }
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
export async function loadActiveNudgesOfRange(db: Db, firstId: string, lastId: string): Promise<ActiveNudge[]> {
  return (await readActiveNudgeRows(db, firstId, lastId)).map(activeNudgeOf);
}

function readActiveNudgeRows(db: Db, firstId: string, lastId: string): Promise<unknown[][]> {
  return rowReader(db).all(ACTIVE_NUDGE_ROWS_OF_RANGE, [firstId, lastId]);
}

// Plain SQL through the driver, like the page's other reads (src/nudges/snapshots.ts); rows stay as
// read until their account is evaluated.
const NUDGE_ACCOUNT_ID = ACTIVE_NUDGE_COLUMNS.indexOf("accountId");
const ACTIVE_NUDGE_ROWS_OF_RANGE = selectSql(ACTIVE_NUDGE_COLUMNS, `FROM "Nudge" WHERE "accountId" >= ? AND "accountId" <= ? AND "status" <> 'resolved'`);

function activeNudgeOf(v: unknown[]): ActiveNudge {
  return {
    id: v[0] as number,
    dedupeKey: v[1] as string,
    rule: v[2] as string,
    accountId: v[3] as string,
    severity: v[4] as ActiveNudge["severity"],
    status: v[5] as ActiveNudge["status"],
    snoozedUntil: storedTime(v[6]),
    raisedAt: storedTime(v[7])!,
    escalatedAt: storedTime(v[8]),
    version: v[9] as number,
  };
}
/** The whole portfolio (one undefined slice), or the chosen accounts in slices small enough for one id list. */
function idSlices(accountIds: string[] | undefined): (string[] | undefined)[] {
  return accountIds ? chunk([...new Set(accountIds)], MAX_IDS_PER_QUERY) : [undefined];
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
