import { describe, expect, it } from "vitest";
import { renewalApproachingRule } from "../../src/rules/renewalApproaching.js";
import { at, expectExactNextCheck, makeAccount, plusDays, policyWith } from "./fixtures.js";

const policy = policyWith(); // leads 90/60/30/7, grace 14 days
const RENEWAL = "2027-01-31";
const account = makeAccount({ renewalDate: RENEWAL });
const daysBefore = (days: number, time = "12:00") => at(`${plusDays(RENEWAL, -days)}T${time}`);

describe("renewalApproachingRule", () => {
  it.each([
    { days: 91, lead: null, severity: null },
    { days: 90, lead: "90", severity: "info" },
    { days: 61, lead: "90", severity: "info" },
    { days: 60, lead: "60", severity: "info" },
    { days: 31, lead: "60", severity: "info" },
    { days: 30, lead: "30", severity: "warning" },
    { days: 8, lead: "30", severity: "warning" },
    { days: 7, lead: "7", severity: "critical" },
    { days: 0, lead: "7", severity: "critical" },
    { days: -1, lead: "passed", severity: "critical" },
    { days: -14, lead: "passed", severity: "critical" },
    { days: -15, lead: null, severity: null },
  ])("$days days to renewal → lead $lead, $severity", ({ days, lead, severity }) => {
    const verdict = renewalApproachingRule(account, policy, daysBefore(days));
    expect(verdict.candidates.map((c) => [c.dedupeKey, c.severity])).toEqual(
      lead ? [[`renewalApproaching:acc-1:renewal:${RENEWAL}:${RENEWAL}:${lead}`, severity]] : [],
    );
    if (lead && lead !== "passed") expect(verdict.candidates[0].facts).toMatchObject({ daysToRenewal: days, leadDays: Number(lead) });
    expect(verdict.explanation).not.toBe("");
  });

  it.each([91, 75, 45, 20, 3, 0, -5])("nextCheckAt is exact %i days before the renewal", (days) => {
    expectExactNextCheck(renewalApproachingRule, account, policy, daysBefore(days));
  });

  it.each([
    { days: 91, next: "2026-11-02" }, // the 90-day window opens
    { days: 75, next: "2026-12-02" }, // the 60-day window opens
    { days: 3, next: "2027-02-01" }, // the date passes
    { days: -5, next: "2027-02-15" }, // the grace period ends
  ])("$days days before, the next change is at the start of $next", ({ days, next }) => {
    expect(renewalApproachingRule(account, policy, daysBefore(days)).nextCheckAt).toEqual(at(`${next}T00:00`));
  });

  it("words the reminder and the passed date for a rep", () => {
    const [soon] = renewalApproachingRule(account, policy, daysBefore(58)).candidates;
    expect(soon.reason).toBe("Renewal on 31 Jan 2027 is in 58 days (60-day reminder); make sure the renewal conversation is under way.");
    expect(soon.since).toEqual(at("2026-12-02T00:00"));
    const [today] = renewalApproachingRule(account, policy, daysBefore(0)).candidates;
    expect(today.reason).toContain("is today (7-day reminder)");
    const [passed] = renewalApproachingRule(account, policy, daysBefore(-3)).candidates;
    expect(passed.reason).toBe("Renewal date 31 Jan 2027 passed 3 days ago; record the outcome or set the next renewal date.");
    expect(passed.since).toEqual(at("2027-02-01T00:00"));
  });

  it("past the grace period it stops and says why", () => {
    const verdict = renewalApproachingRule(account, policy, daysBefore(-15));
    expect(verdict.explanation).toContain("beyond the 14-day grace period");
    expect(verdict.nextCheckAt).toBeNull();
  });

  it.each([
    { graceDays: 0, daysPast: 1, fires: false },
    { graceDays: 3, daysPast: 3, fires: true },
    { graceDays: 3, daysPast: 4, fires: false },
  ])("grace of $graceDays days, $daysPast days past → fires: $fires", ({ graceDays, daysPast, fires }) => {
    const verdict = renewalApproachingRule(account, policyWith({ renewals: { graceDays } }), daysBefore(-daysPast));
    expect(verdict.candidates.length).toBe(fires ? 1 : 0);
  });

  it("accepts lead days in any order", () => {
    const unordered = policyWith({ renewals: { leadDays: [7, 60, 14] } });
    const leadAt = (days: number) => renewalApproachingRule(account, unordered, daysBefore(days)).candidates[0]?.facts.leadDays;
    expect([61, 60, 15, 14, 8, 7].map(leadAt)).toEqual([undefined, 60, 60, 14, 14, 7]);
  });

  it.each([
    { now: "2027-12-01", days: 90, lead: 90 },
    { now: "2028-01-30", days: 30, lead: 30 },
    { now: "2028-02-28", days: 1, lead: 7 },
    { now: "2028-02-29", days: 0, lead: 7 },
  ])("leap-day renewal 2028-02-29, on $now → $days days", ({ now, days, lead }) => {
    const leap = makeAccount({ renewalDate: "2028-02-29" });
    const [candidate] = renewalApproachingRule(leap, policy, at(`${now}T12:00`)).candidates;
    expect(candidate.facts).toMatchObject({ daysToRenewal: days, leadDays: lead });
  });

  it("the day after a leap-day renewal it has passed by 1 day", () => {
    const leap = makeAccount({ renewalDate: "2028-02-29" });
    const [candidate] = renewalApproachingRule(leap, policy, at("2028-03-01T00:00")).candidates;
    expect(candidate.dedupeKey.endsWith("2028-02-29:passed")).toBe(true);
    expect(candidate.reason).toContain("29 Feb 2028 passed 1 day ago");
  });

  it("reads the renewal date in the account's zone (Los Angeles evening is tomorrow in UTC)", () => {
    const la = "America/Los_Angeles";
    const now = at("2026-12-31T20:00", la);
    const local = renewalApproachingRule({ ...account, timeZone: la }, policy, now);
    const utc = renewalApproachingRule(account, policy, now);
    expect(local.candidates[0].facts).toMatchObject({ daysToRenewal: 31, leadDays: 60 });
    expect(utc.candidates[0].facts).toMatchObject({ daysToRenewal: 30, leadDays: 30 });
  });

  it("counts calendar days across a DST change (Europe/Berlin, 28 Mar 2027)", () => {
    const berlin = makeAccount({ timeZone: "Europe/Berlin", renewalDate: "2027-03-31" });
    // Less than 7 × 24 h of elapsed time remain, yet it is 8 calendar days.
    const verdict = renewalApproachingRule(berlin, policy, at("2027-03-23T23:30", "Europe/Berlin"));
    expect(verdict.candidates[0].facts).toMatchObject({ daysToRenewal: 8, leadDays: 30 });
    expect(verdict.nextCheckAt?.toISOString()).toBe("2027-03-23T23:00:00.000Z");
  });

  it.each([
    { label: "exit accounts", overrides: { stage: "exit" as const }, text: "Exit accounts" },
    { label: "no renewal date", overrides: { renewalDate: null }, text: "No renewal date recorded" },
    { label: "a date that does not exist", overrides: { renewalDate: "2027-02-29" }, text: "is not a calendar date" },
  ])("no nudge for $label, explained", ({ overrides, text }) => {
    const verdict = renewalApproachingRule({ ...account, ...overrides }, policy, daysBefore(3));
    expect(verdict.candidates).toEqual([]);
    expect(verdict.nextCheckAt).toBeNull();
    expect(verdict.explanation).toContain(text);
  });
});
