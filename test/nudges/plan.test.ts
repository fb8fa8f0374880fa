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

describe("planNudges with inhibition (the default policy: stale contact, a complaint or a renewal holds back the advocacy ask; exit holds back stale contact and renewal)", () => {
  const KEYS = {
    staleContact: "staleContact:acc-1:contact:2026-10-21",
    advocacyAsk: "advocacyAsk:acc-1:advocacy:2026",
    unansweredComplaint: "unansweredComplaint:acc-1:complaint:7",
    renewalApproaching: "renewalApproaching:acc-1:renewal:2027-01-31:30",
    exitFollowUp: "exitFollowUp:acc-1:exit:2026-10-01",
  } as const;
  type Rule = keyof typeof KEYS;
  const want = (rule: Rule): NudgeCandidate => ({ ...candidate("warning", KEYS[rule]), rule });
  const active = (id: number, rule: Rule, status: ActiveNudge["status"] = "open"): ActiveNudge =>
    nudge({ id, rule, dedupeKey: KEYS[rule], status, snoozedUntil: status === "snoozed" ? hoursFromNow(5) : null });
  /** Each decision as [kind, reason, rule, the suppressor as "#id" or its rule while it is only a candidate]. */
  const summary = (decisions: readonly NudgeDecision[]) =>
    decisions.map((d) => [d.kind, d.reason, "candidate" in d ? d.candidate.rule : d.nudge.rule, "by" in d ? (d.by.nudgeId === null ? d.by.rule : `#${d.by.nudgeId}`) : null]);

  it.each<[string, Rule[], ActiveNudge[], unknown[]]>([
    ["stale contact and advocacy at once: only stale contact is raised", ["staleContact", "advocacyAsk"], [], [
      ["raise", "new_episode", "staleContact", null], ["suppressed", "suppressed", "advocacyAsk", "staleContact"]]],
    ["an open stale-contact nudge holds the ask back, naming it", ["staleContact", "advocacyAsk"], [active(1, "staleContact")], [
      ["unchanged", "awaiting_acknowledgement", "staleContact", null], ["suppressed", "suppressed", "advocacyAsk", "#1"]]],
    ["an acknowledged one too", ["staleContact", "advocacyAsk"], [active(1, "staleContact", "acknowledged")], [
      ["unchanged", "acknowledged", "staleContact", null], ["suppressed", "suppressed", "advocacyAsk", "#1"]]],
    ["a snoozed one too", ["staleContact", "advocacyAsk"], [active(1, "staleContact", "snoozed")], [
      ["unchanged", "snoozed", "staleContact", null], ["suppressed", "suppressed", "advocacyAsk", "#1"]]],
    ["a complaint opening resolves an open advocacy ask", ["unansweredComplaint", "advocacyAsk"], [active(2, "advocacyAsk")], [
      ["raise", "new_episode", "unansweredComplaint", null], ["resolve", "suppressed", "advocacyAsk", "unansweredComplaint"]]],
    ["a snoozed advocacy ask under an open renewal nudge is resolved as well", ["renewalApproaching", "advocacyAsk"], [active(3, "renewalApproaching"), active(2, "advocacyAsk", "snoozed")], [
      ["unchanged", "awaiting_acknowledgement", "renewalApproaching", null], ["resolve", "suppressed", "advocacyAsk", "#3"]]],
    ["released: stale contact cleared, so its nudge resolves and the ask is raised in the same plan", ["advocacyAsk"], [active(1, "staleContact")], [
      ["raise", "new_episode", "advocacyAsk", null], ["resolve", "condition_cleared", "staleContact", null]]],
    ["exit holds back stale contact and renewal", ["exitFollowUp", "staleContact", "renewalApproaching"], [active(4, "exitFollowUp")], [
      ["unchanged", "awaiting_acknowledgement", "exitFollowUp", null], ["suppressed", "suppressed", "staleContact", "#4"], ["suppressed", "suppressed", "renewalApproaching", "#4"]]],
    ["a held-back rule holds nothing back: stale contact under exit does not stop the ask", ["exitFollowUp", "staleContact", "advocacyAsk"], [], [
      ["raise", "new_episode", "exitFollowUp", null], ["suppressed", "suppressed", "staleContact", "exitFollowUp"], ["raise", "new_episode", "advocacyAsk", null]]],
    ["rules the policy does not pair are left alone", ["staleContact", "renewalApproaching"], [], [
      ["raise", "new_episode", "staleContact", null], ["raise", "new_episode", "renewalApproaching", null]]],
  ])("%s", (_case, rules, nudges, expected) => {
    expect(summary(planNudges(rules.map(want), nudges, defaultPolicy, NOW))).toEqual(expected);
  });

  it("names the policy entry that holds a rule back, and an empty list turns inhibition off", () => {
    const [, held] = planNudges([want("unansweredComplaint"), want("advocacyAsk")], [], defaultPolicy, NOW);
    expect(held).toMatchObject({ kind: "suppressed", by: { rule: "unansweredComplaint", entryIndex: 0, dedupeKey: KEYS.unansweredComplaint, entry: { suppress: ["advocacyAsk"] } } });
    const off = policySchema.parse({ inhibit: [] });
    expect(summary(planNudges([want("staleContact"), want("advocacyAsk")], [], off, NOW)).map(([kind]) => kind)).toEqual(["raise", "raise"]);
  });

  it("suppressed, then released when the suppressor resolves: the ask is raised as a new episode", () => {
    // Scan 1: stale contact raised, the ask held back; nothing is applied for the ask.
    const first = planNudges([want("staleContact"), want("advocacyAsk")], [], defaultPolicy, NOW);
    expect(changesOf(first).map((d) => d.kind)).toEqual(["raise"]);
    // Scan 2: stale contact is nudge #1 now; the ask is still held back, by it; nothing to apply.
    const stale = active(1, "staleContact");
    const second = planNudges([want("staleContact"), want("advocacyAsk")], [stale], defaultPolicy, hoursFromNow(1));
    expect(summary(second)[1]).toEqual(["suppressed", "suppressed", "advocacyAsk", "#1"]);
    expect(changesOf(second)).toEqual([]);
    // Scan 3: a touch cleared stale contact: #1 resolves and the ask fires.
    const third = planNudges([want("advocacyAsk")], [stale], defaultPolicy, hoursFromNow(2));
    expect(changesOf(third).map((d) => [d.kind, d.reason])).toEqual([["raise", "new_episode"], ["resolve", "condition_cleared"]]);
    expect(third.every((d) => d.nextAt === null || d.nextAt > hoursFromNow(2))).toBe(true);
  });
});
