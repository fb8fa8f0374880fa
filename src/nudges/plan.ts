import { severityRank, type NudgeSeverity, type NudgeStatus } from "../domain/nudges.js";
import type { NudgeCandidate } from "../domain/snapshot.js";
import type { Policy } from "../rules/policy.js";

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

export type NudgeDecision =
  | { kind: "raise"; candidate: NudgeCandidate }
  | { kind: "severity_up"; nudge: ActiveNudge; candidate: NudgeCandidate }
  | { kind: "snooze_ended"; nudge: ActiveNudge; candidate: NudgeCandidate }
  | { kind: "escalate"; nudge: ActiveNudge }
  | { kind: "resolve"; nudge: ActiveNudge };

/**
 * Decides, for one set of accounts, what changes: the candidates the rules produced now against
 * the nudges already active for those accounts. Pure; `now` is an argument (as in Alertmanager's
 * needsUpdate). Anything not decided here stays as it is, which is what makes a second scan a no-op.
 */
export function planNudgeChanges(candidates: NudgeCandidate[], active: ActiveNudge[], policy: Policy, now: Date): NudgeDecision[] {
  const activeByKey = new Map(active.map((n) => [n.dedupeKey, n]));
  const decisions: NudgeDecision[] = [];
  const stillWanted = new Set<string>();
  for (const candidate of candidates) {
    stillWanted.add(candidate.dedupeKey);
    const nudge = activeByKey.get(candidate.dedupeKey);
    if (!nudge) {
      decisions.push({ kind: "raise", candidate });
      continue;
    }
    const louder = severityRank(candidate.severity) > severityRank(nudge.severity);
    const snoozeOver = nudge.status === "snoozed" && nudge.snoozedUntil !== null && nudge.snoozedUntil.getTime() <= now.getTime();
    if (nudge.status === "snoozed" && !snoozeOver) continue; // a snooze holds even if it gets louder
    if (snoozeOver) decisions.push({ kind: "snooze_ended", nudge, candidate });
    else if (louder) decisions.push({ kind: "severity_up", nudge, candidate });
    else if (shouldEscalate(nudge, policy, now)) decisions.push({ kind: "escalate", nudge });
  }
  for (const nudge of active) {
    if (!stillWanted.has(nudge.dedupeKey)) decisions.push({ kind: "resolve", nudge });
  }
  return decisions;
}

/** Open (never acknowledged) past the policy delay since it was last raised, and loud enough. */
export function shouldEscalate(nudge: ActiveNudge, policy: Policy, now: Date): boolean {
  if (nudge.status !== "open" || nudge.escalatedAt !== null) return false;
  if (severityRank(nudge.severity) < severityRank(policy.escalation.minSeverity)) return false;
  return now.getTime() - nudge.raisedAt.getTime() >= policy.escalation.afterHours * 3_600_000;
}
