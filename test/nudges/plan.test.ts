// The planner, table by table over times relative to now: one decision per candidate and per active
// nudge, with the reason and the next moment it could come out differently. Pure: no database.
import { describe, expect, it } from "vitest";
import type { NudgeSeverity } from "../../src/domain/nudges.js";
import type { NudgeCandidate } from "../../src/domain/snapshot.js";
import { changesOf, planNudges, type ActiveNudge, type NudgeDecision } from "../../src/nudges/plan.js";
import { defaultPolicy, policySchema } from "../../src/rules/index.js";

const NOW = new Date("2026-11-25T15:00:00Z");
const HOUR = 3_600_000;
const MINUTE = 60_000;
const hoursFromNow = (h: number) => new Date(NOW.getTime() + h * HOUR);
const KEY = "staleContact:acc-1:contact:2026-10-21";

function candidate(severity: NudgeSeverity, dedupeKey = KEY): NudgeCandidate {
  return { rule: "staleContact", accountId: "acc-1", subject: "contact", dedupeKey, severity, reason: "No touch", since: hoursFromNow(-100), facts: {} };
}

function nudge(overrides: Partial<ActiveNudge> = {}): ActiveNudge {
  return { id: 1, dedupeKey: KEY, rule: "staleContact", accountId: "acc-1", severity: "warning", status: "open", snoozedUntil: null, raisedAt: hoursFromNow(-1), escalatedAt: null, version: 1, ...overrides };
}

const decided = (d: NudgeDecision) => ({ kind: d.kind, reason: d.reason, nextAt: d.nextAt?.toISOString() ?? null });
const at = (d: Date | null) => d?.toISOString() ?? null;

describe("planNudges (escalation after 48 h at warning or louder, the default policy)", () => {
  it.each<[string, NudgeSeverity, ActiveNudge | null, NudgeDecision["kind"], NudgeDecision["reason"], Date | null]>([
    // A candidate with no active nudge: raised; its escalation clock starts now.
    ["new warning", "warning", null, "raise", "new_episode", hoursFromNow(48)],
    ["new info never escalates", "info", null, "raise", "new_episode", null],
    // Open nudges: the escalation moment, to the millisecond.
    ["open, raised an hour ago", "warning", nudge(), "unchanged", "awaiting_acknowledgement", hoursFromNow(47)],
    ["open, a minute short of 48 h", "warning", nudge({ raisedAt: new Date(NOW.getTime() - 48 * HOUR + MINUTE) }), "unchanged", "awaiting_acknowledgement", new Date(NOW.getTime() + MINUTE)],
    ["open, exactly 48 h", "warning", nudge({ raisedAt: hoursFromNow(-48) }), "escalate", "unacknowledged", null],
    ["open, a week", "warning", nudge({ raisedAt: hoursFromNow(-168) }), "escalate", "unacknowledged", null],
    ["open, escalated already", "warning", nudge({ raisedAt: hoursFromNow(-100), escalatedAt: hoursFromNow(-52) }), "unchanged", "already_escalated", null],
    ["open info, below the escalation severity", "info", nudge({ severity: "info", raisedAt: hoursFromNow(-500) }), "unchanged", "below_escalation_severity", null],
    // Louder wins over escalation and restarts the clock; quieter never lowers a nudge.
    ["louder than the open nudge", "critical", nudge({ raisedAt: hoursFromNow(-100) }), "severity_up", "louder", hoursFromNow(48)],
    ["quieter than the open nudge", "info", nudge(), "unchanged", "awaiting_acknowledgement", hoursFromNow(47)],
    // Acknowledged: quiet unless it gets louder.
    ["acknowledged, same severity", "warning", nudge({ status: "acknowledged", raisedAt: hoursFromNow(-100) }), "unchanged", "acknowledged", null],
    ["acknowledged, louder", "critical", nudge({ status: "acknowledged" }), "severity_up", "louder", hoursFromNow(48)],
    // Snoozed: holds, even when louder, until its moment; from that moment on it comes back.
    ["snoozed for an hour more, louder", "critical", nudge({ status: "snoozed", snoozedUntil: hoursFromNow(1) }), "unchanged", "snoozed", hoursFromNow(1)],
    ["snooze ends exactly now", "warning", nudge({ status: "snoozed", snoozedUntil: NOW }), "snooze_ended", "snooze_over", hoursFromNow(48)],
    ["snooze ended a minute ago", "info", nudge({ status: "snoozed", snoozedUntil: new Date(NOW.getTime() - MINUTE) }), "snooze_ended", "snooze_over", null],
    ["snoozed with no end", "warning", nudge({ status: "snoozed", snoozedUntil: null }), "unchanged", "snoozed", null],
  ])("%s", (_case, severity, active, kind, reason, nextAt) => {
    const decisions = planNudges([candidate(severity)], active ? [active] : [], defaultPolicy, NOW);
    expect(decisions.map(decided)).toEqual([{ kind, reason, nextAt: at(nextAt) }]);
  });

  it.each(["open", "acknowledged", "snoozed"] as const)("an %s nudge no rule wants any more is resolved", (status) => {
    const decisions = planNudges([], [nudge({ status, snoozedUntil: status === "snoozed" ? hoursFromNow(5) : null })], defaultPolicy, NOW);
    expect(decisions.map(decided)).toEqual([{ kind: "resolve", reason: "condition_cleared", nextAt: null }]);
  });

  it("decides for every candidate, then every active nudge left over, and changesOf keeps what the scan applies", () => {
    const other = "renewalApproaching:acc-1:renewal:2027-01-31:30";
    const decisions = planNudges(
      [candidate("warning"), candidate("warning", other)],
      [nudge({ id: 2, dedupeKey: "stalledInStage:acc-1:stage:onboarding:2026-09-01" }), nudge()],
      defaultPolicy,
      NOW,
    );
    expect(decisions.map((d) => [d.kind, "nudge" in d ? d.nudge.id : null])).toEqual([
      ["unchanged", 1],
      ["raise", null],
      ["resolve", 2],
    ]);
    expect(changesOf(decisions).map((d) => d.kind)).toEqual(["raise", "resolve"]);
    expect(planNudges([], [], defaultPolicy, NOW)).toEqual([]);
  });

  it("follows the policy's escalation delay and severity", () => {
    const policy = policySchema.parse({ escalation: { afterHours: 2, minSeverity: "critical" } });
    const plan = (severity: NudgeSeverity, raisedHoursAgo: number) =>
      planNudges([candidate(severity)], [nudge({ severity, raisedAt: hoursFromNow(-raisedHoursAgo) })], policy, NOW).map(decided)[0];
    expect(plan("warning", 10)).toEqual({ kind: "unchanged", reason: "below_escalation_severity", nextAt: null });
    expect(plan("critical", 1)).toEqual({ kind: "unchanged", reason: "awaiting_acknowledgement", nextAt: at(hoursFromNow(1)) });
    expect(plan("critical", 2)).toEqual({ kind: "escalate", reason: "unacknowledged", nextAt: null });
  });

  it("is pure: the same inputs give the same plan, and planning again after nothing changed changes nothing", () => {
    const active = [nudge({ raisedAt: hoursFromNow(-10) })];
    const first = planNudges([candidate("warning")], active, defaultPolicy, NOW);
    expect(planNudges([candidate("warning")], active, defaultPolicy, NOW)).toEqual(first);
    expect(changesOf(first)).toEqual([]);
    expect(changesOf(planNudges([candidate("warning")], active, defaultPolicy, hoursFromNow(37.99)))).toEqual([]);
    expect(changesOf(planNudges([candidate("warning")], active, defaultPolicy, hoursFromNow(38))).map((d) => d.kind)).toEqual(["escalate"]);
  });
});
