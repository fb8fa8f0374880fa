/**
 * The full scan's memo. The rules are pure functions of (snapshot, policy, now) and the planner of
 * (candidates, active nudges, policy, now). So an account whose snapshot and active nudges are what
 * its last evaluation read, under the same policy, with `now` inside the span that evaluation said
 * its answer holds, would get the same answer again: the periodic scan reads it but skips the rules.
 *
 * - The digest covers every field the rules and the planner read, hashed from the rows as read.
 *   Nothing has to remember to invalidate it: any write that changes an input changes the digest,
 *   whichever path wrote it.
 * - The span ends at the earliest moment the answer could change with no new activity: a rule's
 *   nextCheckAt, an escalation falling due, a snooze ending; and at most MEMO_MAX_AGE_MS after the
 *   evaluation, which bounds how long any mistake in those moments could last.
 * - It is advisory: a missing, stale or lost memo only means the account is evaluated again.
 */
import { hash } from "node:crypto";
import type { RuleVerdict } from "../domain/snapshot.js";
import { RULES_VERSION } from "../rules/index.js";
import type { Policy } from "../rules/policy.js";
import { PLANNER_VERSION, type NudgeDecision } from "./plan.js";

/** Changes with any rule's version (in its spec) or the planner's: every account is then evaluated again. */
const DECIDERS_VERSION = `${RULES_VERSION};planner@${PLANNER_VERSION}`;
export const MEMO_MAX_AGE_MS = 24 * 3_600_000;

/** A stored memo; instants in epoch milliseconds (read for every account of every scan, so no Date objects). */
export interface ScanMemo {
  digest: string | null;
  fromMs: number | null;
  untilMs: number | null;
}

export interface NewMemo {
  accountId: string;
  digest: string;
  from: Date;
  until: Date;
}

export function memoHolds(memo: ScanMemo, digest: string, now: Date): boolean {
  const t = now.getTime();
  return memo.digest === digest && memo.fromMs !== null && memo.untilMs !== null && memo.fromMs <= t && t < memo.untilMs;
}

const policyDigests = new WeakMap<Policy, string>();
function policyDigest(policy: Policy): string {
  let digest = policyDigests.get(policy);
  if (digest === undefined) policyDigests.set(policy, (digest = hash("sha1", JSON.stringify(policy), "base64url")));
  return digest;
}

/**
 * A digest of everything an evaluation of this account reads, from its rows as the database returned
 * them (the scan hashes them before it parses anything): the account's rule inputs (its first
 * `inputs` columns), its open complaints' rows and its active nudges' rows. A null and an empty string
 * hash alike; no column the rules read gives them different meanings.
 */
export function rowsDigest(account: unknown[], inputs: number, complaints: readonly unknown[][], nudges: readonly unknown[][], policy: Policy): string {
  let text = `${DECIDERS_VERSION}\u001e${policyDigest(policy)}\u001e`;
  for (let i = 0; i < inputs; i++) text += `${account[i] ?? ""}\u001f`;
  for (const c of complaints) text += `\u001ec\u001f${c.join("\u001f")}`;
  // Nudge rows come in no particular order; sorted by id (their first column) the digest does not depend on it.
  const sorted = nudges.length > 1 ? [...nudges].sort((a, b) => (a[0] as number) - (b[0] as number)) : nudges;
  for (const n of sorted) text += `\u001en\u001f${n.join("\u001f")}`;
  // One-shot hashing: this runs for every account of every scan, and an input is a few hundred characters.
  return hash("sha1", text, "base64url");
}

/**
 * Until when this evaluation's answer holds if nothing is written: the earliest of the rules' next
 * checks and the planner's next moments (an escalation falling due, a snooze ending), and at most
 * MEMO_MAX_AGE_MS from now.
 */
export function answerHoldsUntil(verdicts: readonly RuleVerdict[], decisions: readonly NudgeDecision[], now: Date): Date {
  let until = now.getTime() + MEMO_MAX_AGE_MS;
  for (const v of verdicts) if (v.nextCheckAt && v.nextCheckAt.getTime() < until) until = v.nextCheckAt.getTime();
  for (const d of decisions) if (d.nextAt && d.nextAt.getTime() < until) until = d.nextAt.getTime();
  return new Date(until);
}
