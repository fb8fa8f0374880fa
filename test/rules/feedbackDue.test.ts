import { describe, expect, it } from "vitest";
import { feedbackDueRule } from "../../src/rules/feedbackDue.js";
import { at, expectExactNextCheck, makeAccount, plusDays, policyWith } from "./fixtures.js";

const policy = policyWith(); // every 90 days
const ENTERED = "2026-01-10";
const dayOf = (days: number, time = "09:00") => at(`${plusDays(ENTERED, days)}T${time}`);
const retention = (overrides = {}) => makeAccount({ stage: "retention", stageSince: dayOf(0, "15:00"), ...overrides });
const fires = (account = retention(), day = 90) => feedbackDueRule(account, policy, dayOf(day)).candidates.map((c) => c.severity);

describe("feedbackDueRule", () => {
  it.each([
    { day: 89, severity: null },
    { day: 90, severity: "info" },
    { day: 91, severity: "info" },
  ])("never asked, $day days in retention → $severity", ({ day, severity }) => {
    expect(fires(retention(), day)).toEqual(severity ? [severity] : []);
  });

  it.each([
    { stage: "advocacy", fires: true },
    { stage: "onboarding", fires: false },
    { stage: "exit", fires: false },
  ] as const)("$stage → fires: $fires", ({ stage, fires: expected }) => {
    expect(fires(retention({ stage }), 200).length).toBe(expected ? 1 : 0);
  });

  it.each([
    { label: "an ask after entering counts from the ask", askedDay: 30, day: 119, fires: false },
    { label: "… and is due 90 days after it", askedDay: 30, day: 120, fires: true },
    { label: "an ask before entering counts from entering", askedDay: -30, day: 90, fires: true },
  ])("$label", ({ askedDay, day, fires: expected }) => {
    expect(fires(retention({ feedbackAskedAt: dayOf(askedDay) }), day).length).toBe(expected ? 1 : 0);
  });

  it("words it and keys it to the clock's start", () => {
    const [never] = feedbackDueRule(retention(), policy, dayOf(95)).candidates;
    expect(never.reason).toBe("No feedback asked for or given since the account entered retention on 10 Jan 2026, 95 days ago; ask how it is going (due every 90 days).");
    expect(never.dedupeKey).toBe("feedbackDue:acc-1:feedback:2026-01-10");
    const [asked] = feedbackDueRule(retention({ feedbackAskedAt: dayOf(30) }), policy, dayOf(125)).candidates;
    expect(asked.reason).toBe("Feedback was last asked for or given on 9 Feb 2026, 95 days ago; ask how it is going (due every 90 days).");
    expect(asked.dedupeKey).toBe("feedbackDue:acc-1:feedback:2026-02-09");
    expect(asked.facts).toMatchObject({ daysSinceAsk: 95, dueDays: 90, feedbackAskedAt: dayOf(30).toISOString() });
  });

  it("nextCheckAt: the local midnight it falls due, then only activity", () => {
    expect(expectExactNextCheck(feedbackDueRule, retention(), policy, dayOf(40)).nextCheckAt).toEqual(dayOf(90, "00:00"));
    expect(feedbackDueRule(retention(), policy, dayOf(90)).nextCheckAt).toBeNull();
    expect(feedbackDueRule(retention({ stage: "purchase" }), policy, dayOf(90)).explanation).toBe("Feedback asks are for retention and advocacy accounts; this one is in purchase.");
  });

  it("counts local calendar days (an evening ask in Los Angeles)", () => {
    const zone = "America/Los_Angeles";
    const account = retention({ timeZone: zone, stageSince: at("2025-01-01T10:00", zone), feedbackAskedAt: at("2026-01-01T23:30", zone) });
    expect(feedbackDueRule(account, policy, at("2026-04-01T08:00", zone)).candidates.length).toBe(1);
    expect(feedbackDueRule({ ...account, timeZone: "UTC" }, policy, at("2026-04-01T08:00", zone)).candidates).toEqual([]);
  });

  it("a policy without regular feedback switches it off", () => {
    const verdict = feedbackDueRule(retention(), policyWith({ feedback: { dueDays: null } }), dayOf(400));
    expect(verdict.candidates).toEqual([]);
    expect(verdict.explanation).toBe("The policy asks for no regular feedback (feedback.dueDays is off).");
  });
});
