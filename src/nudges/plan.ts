/**
 * The nudge planner: for one account's candidates (what the rules want now) and its active nudges,
 * a decision for every one of them, with the reason and the next moment the decision could come out
 * differently if nothing is written (Alertmanager's notifier decides the same way: `now` passed in, a
 * reason returned). Pure. The scan applies the decisions that change something; the memo keeps the
 * earliest next moment; `why` words the reasons. Anything left unchanged is what makes a second scan
 * a no-op.
 */
import { severityRank, type NudgeSeverity, type NudgeStatus } from "../domain/nudges.js";
import type { NudgeCandidate } from "../domain/snapshot.js";
import type { Policy } from "../rules/policy.js";
import { suppressedRules, type Suppressor } from "./inhibition.js";

export type { Suppressor } from "./inhibition.js";

/** Bump when what the planner decides for unchanged data changes: the scan's memo then re-plans every account. */
export const PLANNER_VERSION = 2;
/** The policy sections the planner reads (the rules name theirs in their specs). */
export const PLANNER_POLICY = ["escalation", "inhibit"] as const satisfies readonly (keyof Policy)[];

const HOUR_MS = 3_600_000;

/** What the scan knows of a nudge that is not resolved. */
export interface ActiveNudge {
  id: number;
  dedupeKey: string;
  rule: string;
  accountId: string;
  severity: NudgeSeverity;
  status: Exclude<NudgeStatus, "resolved">;
  snoozedUntil: Date | null;
  raisedAt: Date;
  escalatedAt: Date | null;
  version: number;
}

export type PlanReason =
  /** raise: no active nudge has the candidate's key (a new episode, or a resolved one back). */
  | "new_episode"
  /** severity_up: the candidate is louder than the nudge (also ends an acknowledgement). */
  | "louder"
  /** snooze_ended: the snooze is over and the condition still holds. */
  | "snooze_over"
  /** escalate: open, loud enough, and nobody acknowledged it in time. */
  | "unacknowledged"
  /** resolve: no rule wants it any more. */
  | "condition_cleared"
  /** resolve (an active nudge) or suppressed (a candidate, not raised): another active nudge on the account holds its rule back (policy.inhibit). */
  | "suppressed"
  /** unchanged, open: waiting for an acknowledgement until its escalation moment. */
  | "awaiting_acknowledgement"
  /** unchanged, open: below the policy's escalation severity, so it never escalates. */
  | "below_escalation_severity"
  /** unchanged, open: already escalated once. */
  | "already_escalated"
  /** unchanged: snoozed until a moment still ahead (a snooze holds even if the condition gets louder). */
  | "snoozed"
  /** unchanged: someone took it; it stays quiet unless it gets louder. */
  | "acknowledged";

export type NudgeDecision =
  | { kind: "raise"; reason: "new_episode"; candidate: NudgeCandidate; nextAt: Date | null }
  | { kind: "severity_up"; reason: "louder"; nudge: ActiveNudge; candidate: NudgeCandidate; nextAt: Date | null }
  | { kind: "snooze_ended"; reason: "snooze_over"; nudge: ActiveNudge; candidate: NudgeCandidate; nextAt: Date | null }
  | { kind: "escalate"; reason: "unacknowledged"; nudge: ActiveNudge; nextAt: null }
  | { kind: "resolve"; reason: "condition_cleared"; nudge: ActiveNudge; nextAt: null }
  | { kind: "resolve"; reason: "suppressed"; nudge: ActiveNudge; by: Suppressor; nextAt: null }
  | { kind: "suppressed"; reason: "suppressed"; candidate: NudgeCandidate; by: Suppressor; nextAt: null }
  | { kind: "unchanged"; reason: UnchangedReason; nudge: ActiveNudge; candidate: NudgeCandidate; nextAt: Date | null };

type UnchangedReason = "awaiting_acknowledgement" | "below_escalation_severity" | "already_escalated" | "snoozed" | "acknowledged";
export type NudgeChange = Exclude<NudgeDecision, { kind: "unchanged" | "suppressed" }>;

/**
 * One decision per candidate, then one per active nudge no candidate wants (resolve), in that order.
 * A candidate whose rule another active nudge suppresses (src/nudges/inhibition.ts) is not raised,
 * and its own active nudge, whatever its status, is resolved: when the suppressor clears, the
 * condition, if it still holds, is raised again as a new episode.
 * `nextAt` is when the decision could change with no new activity: an escalation falling due, a
 * snooze ending; null when only activity can change it (a suppressor clears only when its rule's
 * verdict changes, which the rules' own next checks cover).
 */
export function planNudges(candidates: readonly NudgeCandidate[], active: readonly ActiveNudge[], policy: Policy, now: Date): readonly NudgeDecision[] {
  // Most accounts have neither: the scan plans every account it evaluates.
  if (candidates.length === 0 && active.length === 0) return NO_DECISIONS;
  const decisions: NudgeDecision[] = [];
  const activeByKey = new Map(active.map((n) => [n.dedupeKey, n]));
  const wanted = new Set<string>();
  const suppressed = suppressedRules(candidates, active, policy);
  for (const candidate of candidates) {
    wanted.add(candidate.dedupeKey);
    const nudge = activeByKey.get(candidate.dedupeKey);
    const by = suppressed.get(candidate.rule);
    if (by) decisions.push(nudge ? { kind: "resolve", reason: "suppressed", nudge, by, nextAt: null } : { kind: "suppressed", reason: "suppressed", candidate, by, nextAt: null });
    else decisions.push(nudge ? decide(nudge, candidate, policy, now) : { kind: "raise", reason: "new_episode", candidate, nextAt: escalationDueIfRaised(candidate.severity, policy, now) });
  }
  for (const nudge of active) {
    if (!wanted.has(nudge.dedupeKey)) decisions.push({ kind: "resolve", reason: "condition_cleared", nudge, nextAt: null });
  }
  return decisions;
}

const NO_DECISIONS: readonly NudgeDecision[] = Object.freeze([]);

/** Only the decisions that change something: what the scan applies. */
export function changesOf(decisions: readonly NudgeDecision[]): NudgeChange[] {
  return decisions.filter(isChange);
}

export function isChange(d: NudgeDecision): d is NudgeChange {
  return d.kind !== "unchanged" && d.kind !== "suppressed";
}

function decide(nudge: ActiveNudge, candidate: NudgeCandidate, policy: Policy, now: Date): NudgeDecision {
  if (nudge.status === "snoozed") {
    const until = nudge.snoozedUntil;
    if (until === null || until.getTime() > now.getTime()) return { kind: "unchanged", reason: "snoozed", nudge, candidate, nextAt: until };
    return { kind: "snooze_ended", reason: "snooze_over", nudge, candidate, nextAt: escalationDueIfRaised(candidate.severity, policy, now) };
  }
  if (severityRank(candidate.severity) > severityRank(nudge.severity)) {
    return { kind: "severity_up", reason: "louder", nudge, candidate, nextAt: escalationDueIfRaised(candidate.severity, policy, now) };
  }
  if (nudge.status === "acknowledged") return { kind: "unchanged", reason: "acknowledged", nudge, candidate, nextAt: null };
  if (nudge.escalatedAt !== null) return { kind: "unchanged", reason: "already_escalated", nudge, candidate, nextAt: null };
  const dueAt = escalationDue(nudge.raisedAt, nudge.severity, policy);
  if (dueAt === null) return { kind: "unchanged", reason: "below_escalation_severity", nudge, candidate, nextAt: null };
  if (dueAt.getTime() <= now.getTime()) return { kind: "escalate", reason: "unacknowledged", nudge, nextAt: null };
  return { kind: "unchanged", reason: "awaiting_acknowledgement", nudge, candidate, nextAt: dueAt };
}

/** When an open nudge raised at `raisedAt` escalates if nobody acknowledges it; null below the policy's severity. */
export function escalationDue(raisedAt: Date, severity: NudgeSeverity, policy: Policy): Date | null {
  const { afterHours, minSeverity } = policy.escalation;
  if (severityRank(severity) < severityRank(minSeverity)) return null;
  return new Date(raisedAt.getTime() + afterHours * HOUR_MS);
}

/** A raise, a louder nudge and a snooze's end all (re)start the escalation clock now. */
function escalationDueIfRaised(severity: NudgeSeverity, policy: Policy, now: Date): Date | null {
  return escalationDue(now, severity, policy);
}
