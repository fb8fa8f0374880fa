export const NUDGE_SEVERITIES = ["info", "warning", "critical"] as const;
export type NudgeSeverity = (typeof NUDGE_SEVERITIES)[number];

export const NUDGE_STATUSES = ["open", "acknowledged", "snoozed", "resolved"] as const;
export type NudgeStatus = (typeof NUDGE_STATUSES)[number];

export function severityRank(severity: NudgeSeverity): number {
  return NUDGE_SEVERITIES.indexOf(severity);
}
