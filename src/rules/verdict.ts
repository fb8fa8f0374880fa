/** The shapes every rule shares: its signature, how a candidate's dedupe key is built, and verdict helpers. */
import type { AccountSnapshot, FactValue, NudgeCandidate, RuleVerdict } from "../domain/snapshot.js";
import type { NudgeSeverity } from "../domain/nudges.js";
import type { Policy } from "./policy.js";

/** Pure: everything it may know arrives as arguments, `now` included. */
export type Rule = (account: AccountSnapshot, policy: Policy, now: Date) => RuleVerdict;

/** Same episode → same key (so a severity change updates the nudge); a new episode → a new period. */
export function dedupeKey(rule: string, accountId: string, subject: string, period: string): string {
  return `${rule}:${accountId}:${subject}:${period}`;
}

export interface CandidateInput {
  rule: string;
  account: AccountSnapshot;
  subject: string;
  /** Pins the episode: a touch date, a complaint id, a renewal date and lead. */
  period: string;
  severity: NudgeSeverity;
  reason: string;
  since: Date;
  facts: Record<string, FactValue>;
}

export function nudgeCandidate(input: CandidateInput): NudgeCandidate {
  const { rule, account, subject, period, severity, reason, since, facts } = input;
  return {
    rule,
    accountId: account.id,
    subject,
    dedupeKey: dedupeKey(rule, account.id, subject, period),
    severity,
    reason,
    since,
    facts,
  };
}

/**
 * A rule's verdict. The explanation is worded only when read: the scan evaluates every rule of every
 * account and never reads it; only `why` does.
 */
export function verdict(
  rule: string,
  explain: () => string,
  nextCheckAt: Date | null,
  candidates: readonly NudgeCandidate[] = NONE,
): RuleVerdict {
  return new LazyVerdict(rule, candidates, nextCheckAt, explain);
}

/** Most verdicts fire nothing: they share one empty list rather than allocate their own. */
const NONE: readonly NudgeCandidate[] = Object.freeze([]);

class LazyVerdict implements RuleVerdict {
  #explain: (() => string) | null;
  #explanation = "";

  constructor(
    readonly rule: string,
    readonly candidates: readonly NudgeCandidate[],
    readonly nextCheckAt: Date | null,
    explain: () => string,
  ) {
    this.#explain = explain;
  }

  get explanation(): string {
    if (this.#explain) {
      this.#explanation = this.#explain();
      this.#explain = null;
    }
    return this.#explanation;
  }
}

/** The earliest of some optional instants; null when there is none. */
export function earliest(instants: readonly (Date | null)[]): Date | null {
  let first: Date | null = null;
  for (const instant of instants) {
    if (instant && (!first || instant.getTime() < first.getTime())) first = instant;
  }
  return first;
}
