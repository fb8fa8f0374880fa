/**
 * The full scan's memo. The rules are pure functions of (snapshot, policy, now) and the planner of
 * (candidates, active nudges, policy, now). So an account whose snapshot and active nudges are what
 * its last evaluation read, under the same policy, with `now` inside the span that evaluation said
 * its answer holds, would get the same answer again: the periodic scan reads it but skips the rules.
 *
 * - The digest covers every field the rules and the planner read. Nothing has to remember to
 *   invalidate it: any write that changes an input changes the digest, whichever path wrote it.
 * - The span ends at the earliest moment the answer could change with no new activity: a rule's
 *   nextCheckAt, an escalation falling due, a snooze ending; and at most MEMO_MAX_AGE_MS after the
 *   evaluation, which bounds how long any mistake in those moments could last.
 * - It is advisory: a missing, stale or lost memo only means the account is evaluated again.
 */
import { createHash } from "node:crypto";
import { severityRank } from "../domain/nudges.js";
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import type { Policy } from "../rules/policy.js";
import type { ActiveNudge } from "./plan.js";

/** Bump when a change to the rules or the planner must reach every account at the next scan. */
export const RULES_VERSION = 1;
export const MEMO_MAX_AGE_MS = 24 * 3_600_000;

export interface ScanMemo {
  digest: string | null;
  from: Date | null;
  until: Date | null;
}

export interface NewMemo {
  accountId: string;
  digest: string;
  from: Date;
  until: Date;
}

export function memoHolds(memo: ScanMemo, digest: string, now: Date): boolean {
  return memo.digest === digest && memo.from !== null && memo.until !== null && memo.from <= now && now < memo.until;
}

const policyKeys = new WeakMap<Policy, string>();
function policyKey(policy: Policy): string {
  let key = policyKeys.get(policy);
  if (key === undefined) policyKeys.set(policy, (key = JSON.stringify(policy)));
  return key;
}

const ms = (d: Date | null) => (d === null ? "" : d.getTime());

/** A digest of everything an evaluation of this account reads; `active` are its nudges that are not resolved. */
export function inputDigest(account: AccountSnapshot, active: readonly ActiveNudge[], policy: Policy): string {
  const a = account;
  const parts: unknown[] = [
    RULES_VERSION, a.id, a.name, a.stage, ms(a.stageSince), ms(a.createdAt), a.ownerId, a.segment, a.timeZone, a.renewalDate,
    ms(a.lastCustomerTouchAt), ms(a.lastComplaintAt), a.cadenceOverride?.dueDays, a.cadenceOverride?.overdueDays,
  ];
  for (const c of a.openComplaints) parts.push("c", c.id, ms(c.openedAt), c.severity, c.summary, ms(c.firstResponseAt));
  for (const n of [...active].sort((x, y) => x.id - y.id)) {
    parts.push("n", n.id, n.version, n.dedupeKey, n.status, n.severity, ms(n.snoozedUntil), ms(n.raisedAt), ms(n.escalatedAt));
  }
  return createHash("sha1").update(policyKey(policy)).update(parts.join("\u001f")).digest("base64url");
}

/** Until when this evaluation's answer holds if nothing is written: see the module comment. */
export function answerHoldsUntil(verdicts: readonly RuleVerdict[], active: readonly ActiveNudge[], policy: Policy, now: Date): Date {
  let until = now.getTime() + MEMO_MAX_AGE_MS;
  const consider = (t: number) => {
    if (t < until) until = t;
  };
  for (const v of verdicts) if (v.nextCheckAt) consider(v.nextCheckAt.getTime());
  const { afterHours, minSeverity } = policy.escalation;
  for (const n of active) {
    if (n.status === "snoozed" && n.snoozedUntil) consider(n.snoozedUntil.getTime());
    if (n.status === "open" && n.escalatedAt === null && severityRank(n.severity) >= severityRank(minSeverity)) {
      consider(n.raisedAt.getTime() + afterHours * 3_600_000);
    }
  }
  return new Date(until);
}
