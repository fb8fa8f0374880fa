export const RULE_NAMES = [
  "staleContact",
  "unansweredComplaint",
  "renewalApproaching",
  "stalledInStage",
  "advocacyAsk",
  "exitFollowUp",
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export const NUDGE_SEVERITIES = ["info", "warning", "critical"] as const;
export type NudgeSeverity = (typeof NUDGE_SEVERITIES)[number];

export const NUDGE_STATUSES = ["open", "acknowledged", "snoozed", "resolved"] as const;
export type NudgeStatus = (typeof NUDGE_STATUSES)[number];

export function severityRank(severity: NudgeSeverity): number {
  return NUDGE_SEVERITIES.indexOf(severity);
}

export const RULE_TITLES: Record<RuleName, string> = {
  staleContact: "Stale contact",
  unansweredComplaint: "Unanswered complaint",
  renewalApproaching: "Renewal approaching",
  stalledInStage: "Stalled in stage",
  advocacyAsk: "Advocacy ask",
  exitFollowUp: "Exit follow-up",
};

export function isRuleName(value: string): value is RuleName {
  return (RULE_NAMES as readonly string[]).includes(value);
}
