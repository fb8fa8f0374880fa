import type { Logger } from "pino";
import { chunk, groupBy } from "../collections.js";
import { loadBindings } from "../delivery/routing.js";
import type { AccountSnapshot } from "../domain/snapshot.js";
import type { Policy } from "../rules/policy.js";
import { rowReader, type Db } from "../store/client.js";
import { isUniqueViolation } from "../store/errors.js";
import { activeNudgeOf, NUDGE_ACCOUNT_ID, readActiveNudgeRows, readActiveNudgesOf } from "./activeNudges.js";
import { applyDecisions, type ApplyCounts } from "./apply.js";
import { evaluateAndPlan, type AccountEvaluation } from "./evaluate.js";
import { answerHoldsUntil, memoHolds, rowsDigest, type NewMemo } from "./memo.js";
import { writeMemos } from "./memoWrite.js";
import { isChange, type ActiveNudge, type NudgeChange } from "./plan.js";
import { DIGESTED_INPUTS, MAX_IDS_PER_QUERY, memoOf, readChosenPage, readPortfolioPage, snapshotOf, type AccountRows } from "./snapshots.js";
import { healthWriteOf, writeHealth, type HealthWrite } from "./healthWrite.js";
import { assessHealth } from "../rules/health/index.js";
import { startOfDayAfter } from "../rules/time.js";

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
  const total: ScanResult = { accounts: 0, skipped: 0, candidates: 0, raised: 0, severityUp: 0, snoozeEnded: 0, escalated: 0, resolved: 0, held: 0, deliveries: 0, durationMs: 0 };
  for (const onlyIds of idSlices(opts.accountIds)) {
    let afterId: string | null = null;
    for (;;) {
      const portfolio: AccountRows[] | null = onlyIds ? null : await readPortfolioPage(db, afterId ?? "", pageSize);
      const chosen = onlyIds ? await readChosenPage(db, onlyIds, afterId ?? "", pageSize) : null;
      const ids: string[] = portfolio ? portfolio.map((a) => a.row[0] as string) : chosen!.map((a) => a.id);
      if (ids.length === 0) break;
      afterId = ids[ids.length - 1];
      const result = await withRetryOnConflict(async () => {
        const evaluation = portfolio
          ? evaluatePortfolioPage(portfolio, await readActiveNudgeRows(db, ids[0], afterId!), opts)
          : evaluateChosen(chosen!, await readActiveNudgesOf(db, onlyIds!), opts);
        if (evaluation.changes.length === 0 && evaluation.memos.length === 0 && evaluation.health.length === 0) return { evaluation, applied: null };
        const applied = await db.$transaction(
          async (tx) => {
            const applied = await applyDecisions(tx, evaluation.changes, { now: opts.now, accounts: evaluation.owners, bindings, posts: opts.policy.posting });
            await writeMemos(tx, rowReader(db).dialect, evaluation.memos);
            await writeHealth(tx, rowReader(db).dialect, evaluation.health);
            return applied;
          },
          { timeout: 60_000 },
        );
        return { evaluation, applied };
      });
      total.accounts += ids.length;
      total.skipped += result.evaluation.skipped;
      total.candidates += result.evaluation.candidates;
      if (result.applied) for (const k of Object.keys(result.applied) as (keyof ApplyCounts)[]) total[k] += result.applied[k];
      if (ids.length < pageSize) break;
    }
  }
  total.durationMs = Math.round(performance.now() - started);
  opts.log?.info({ scan: total }, "scan finished");
  return total;
}

interface PageEvaluation {
  /** What the planner decided to change for the evaluated accounts. */
  changes: NudgeChange[];
  candidates: number;
  /** Owner and segment of the evaluated accounts, for routing what is raised or escalated. */
  owners: Map<string, Pick<AccountSnapshot, "ownerId" | "segment">>;
  memos: NewMemo[];
  /** Today's health of the evaluated accounts, where not recorded yet. */
  health: HealthWrite[];
  skipped: number;
}

const emptyEvaluation = (): PageEvaluation => ({ changes: [], candidates: 0, owners: new Map(), memos: [], health: [], skipped: 0 });

/** A page of the whole portfolio: accounts whose memo holds are skipped; the others get a new memo. */
function evaluatePortfolioPage(page: AccountRows[], nudgeRows: unknown[][], opts: ScanOptions): PageEvaluation {
  const { policy, now } = opts;
  const out = emptyEvaluation();
  const nudgesOf = groupBy(nudgeRows, (n) => n[NUDGE_ACCOUNT_ID] as string);
  for (const rows of page) {
    const mine = nudgesOf.get(rows.row[0] as string) ?? NO_ROWS;
    const memo = memoOf(rows);
    const digest = rowsDigest(rows.row, DIGESTED_INPUTS, rows.complaints, mine, policy);
    if (!opts.evaluateAll && memoHolds(memo, digest, now)) {
      out.skipped++;
      continue;
    }
    const account = snapshotOf(rows);
    const evaluation = evaluate(account, mine.length ? mine.map(activeNudgeOf) : NO_NUDGES, out, opts);
    if (!evaluation) continue;
    // Health is a score of the local day: the answer holds until the day ends, when the next day's is recorded.
    const until = earlier(answerHoldsUntil(evaluation.verdicts, evaluation.decisions, now), startOfDayAfter(now, 1, account.timeZone));
    // The same answer as stored (an evaluation forced by evaluateAll) needs no write: its `from` is still in the past.
    const unchanged = memo.digest === digest && memo.untilMs === until.getTime() && memo.fromMs !== null && memo.fromMs <= now.getTime();
    if (!unchanged) out.memos.push({ accountId: account.id, digest, from: now, until });
  }
  return out;
}

const NO_ROWS: unknown[][] = [];
const NO_NUDGES: ActiveNudge[] = [];

/** Chosen accounts (a rescan after a command): all evaluated, no memo kept. */
function evaluateChosen(accounts: AccountSnapshot[], active: ActiveNudge[], opts: ScanOptions): PageEvaluation {
  const out = emptyEvaluation();
  const activeOf = groupBy(active, (n) => n.accountId);
  for (const account of accounts) evaluate(account, activeOf.get(account.id) ?? NO_NUDGES, out, opts);
  return out;
}

/**
 * Runs the rules and the planner for one account and files what changes. Rules throw on data they
 * cannot read (an unknown time zone written straight into the database): that account is logged and
 * left out, nudges included, so a bad row never resolves its nudges.
 */
function evaluate(account: AccountSnapshot, active: ActiveNudge[], out: PageEvaluation, opts: ScanOptions): AccountEvaluation | null {
  try {
    const evaluation = evaluateAndPlan(account, active, opts.policy, opts.now);
    for (const v of evaluation.verdicts) out.candidates += v.candidates.length;
    for (const d of evaluation.decisions) if (isChange(d)) out.changes.push(d);
    out.owners.set(account.id, { ownerId: account.ownerId, segment: account.segment });
    const health = healthWriteOf(account, assessHealth(account, opts.policy, opts.now), opts.policy);
    if (health) out.health.push(health);
    return evaluation;
  } catch (err) {
    opts.log?.error({ accountId: account.id, err: (err as Error).message }, "account skipped by the scan: its data could not be evaluated");
    return null;
  }
}

const earlier = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);

/** The whole portfolio (one undefined slice), or the chosen accounts in slices small enough for one id list. */
function idSlices(accountIds: string[] | undefined): (string[] | undefined)[] {
  return accountIds ? chunk([...new Set(accountIds)], MAX_IDS_PER_QUERY) : [undefined];
}

/** Another replica raising the same nudge at the same moment trips the unique dedupe key: re-read and re-plan once. */
async function withRetryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return work();
  }
}
