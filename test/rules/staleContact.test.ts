import { describe, expect, it } from "vitest";
import { staleContactRule } from "../../src/rules/staleContact.js";
import { at, expectExactNextCheck, makeAccount, plusDays, policyWith } from "./fixtures.js";

const policy = policyWith();
const TOUCH_DATE = "2026-01-10";
const touched = makeAccount({ lastCustomerTouchAt: at(`${TOUCH_DATE}T15:00`) });
const daysAfterTouch = (days: number, time = "09:00") => at(`${plusDays(TOUCH_DATE, days)}T${time}`);

describe("staleContactRule", () => {
  it.each([
    { days: 0, severity: null },
    { days: 29, severity: null },
    { days: 30, severity: "warning" },
    { days: 44, severity: "warning" },
    { days: 45, severity: "critical" },
    { days: 200, severity: "critical" },
  ])("retention (30/45): $days days since the touch → $severity", ({ days, severity }) => {
    const verdict = staleContactRule(touched, policy, daysAfterTouch(days));
    expect(verdict.candidates.map((c) => c.severity)).toEqual(severity ? [severity] : []);
    expect(verdict.explanation).not.toBe("");
  });

  it("keeps the same dedupe key when due becomes overdue, with a raised severity", () => {
    const [due] = staleContactRule(touched, policy, daysAfterTouch(30)).candidates;
    const [overdue] = staleContactRule(touched, policy, daysAfterTouch(45)).candidates;
    expect(due.dedupeKey).toBe("staleContact:acc-1:contact:2026-01-10");
    expect(overdue.dedupeKey).toBe(due.dedupeKey);
    expect([due.severity, overdue.severity]).toEqual(["warning", "critical"]);
    expect(overdue.since).toEqual(due.since);
    expect(due.since).toEqual(at("2026-02-09T00:00"));
  });

  it("a new touch starts a new episode with a new key", () => {
    const later = makeAccount({ lastCustomerTouchAt: at("2026-03-01T10:00") });
    const [candidate] = staleContactRule(later, policy, at("2026-04-15T10:00")).candidates;
    expect(candidate.dedupeKey).toBe("staleContact:acc-1:contact:2026-03-01");
  });

  it("words the reason and facts with the numbers that matter", () => {
    const [candidate] = staleContactRule(touched, policy, daysAfterTouch(47)).candidates;
    expect(candidate.reason).toBe("No customer touch for 47 days; retention accounts expect one every 30 (at most 45).");
    expect(candidate).toMatchObject({ rule: "staleContact", accountId: "acc-1", subject: "contact" });
    expect(candidate.facts).toMatchObject({
      daysSinceTouch: 47,
      lastTouchAt: "2026-01-10T15:00:00.000Z",
      cadenceDueDays: 30,
      cadenceOverdueDays: 45,
      cadenceSource: "policy",
      stage: "retention",
    });
  });

  it("explains a quiet verdict with the days left", () => {
    const verdict = staleContactRule(touched, policy, daysAfterTouch(12));
    expect(verdict.explanation).toBe("Last customer touch 12 days ago; retention accounts expect one every 30 days (due in 18 days).");
    expect(staleContactRule(touched, policy, daysAfterTouch(29)).explanation).toContain("(due in 1 day)");
  });

  it.each([
    { label: "ok → due", days: 12, expected: at("2026-02-09T00:00") },
    { label: "due → overdue", days: 31, expected: at("2026-02-24T00:00") },
  ])("nextCheckAt is exact ($label)", ({ days, expected }) => {
    const verdict = expectExactNextCheck(staleContactRule, touched, policy, daysAfterTouch(days));
    expect(verdict.nextCheckAt).toEqual(expected);
  });

  it("once overdue, only new activity can change it", () => {
    expect(staleContactRule(touched, policy, daysAfterTouch(60)).nextCheckAt).toBeNull();
  });

  it("counts a never-touched account from its creation and says so", () => {
    const fresh = makeAccount({ createdAt: at("2026-01-10T08:00"), lastCustomerTouchAt: null });
    const [candidate] = staleContactRule(fresh, policy, daysAfterTouch(47)).candidates;
    expect(candidate.reason).toBe(
      "No customer touch recorded since the account was added 47 days ago; retention accounts expect one every 30 (at most 45).",
    );
    expect(candidate.dedupeKey).toBe("staleContact:acc-1:contact:never");
    expect(candidate.facts.lastTouchAt).toBeNull();
    expect(staleContactRule(fresh, policy, daysAfterTouch(29)).candidates).toEqual([]);
  });

  it.each([
    { label: "full override", override: { dueDays: 10, overdueDays: 20 }, quiet: 9, due: 10, overdue: 20 },
    { label: "dueDays only", override: { dueDays: 10, overdueDays: null }, quiet: 9, due: 10, overdue: 45 },
    { label: "overdueDays only", override: { dueDays: null, overdueDays: 35 }, quiet: 29, due: 30, overdue: 35 },
    { label: "due beyond the stage's overdue", override: { dueDays: 60, overdueDays: null }, quiet: 59, due: 60, overdue: 60 },
  ])("per-account override: $label", ({ override, quiet, due, overdue }) => {
    const account = { ...touched, cadenceOverride: override };
    const severities = (days: number) => staleContactRule(account, policy, daysAfterTouch(days)).candidates.map((c) => c.severity);
    expect(severities(quiet)).toEqual([]);
    expect(severities(due)).toEqual([due === overdue ? "critical" : "warning"]);
    expect(severities(overdue - 1)).toEqual(overdue - 1 >= due ? ["warning"] : []);
    expect(severities(overdue)).toEqual(["critical"]);
  });

  it("says when the cadence is the account's own", () => {
    const account = { ...touched, cadenceOverride: { dueDays: 10, overdueDays: 20 } };
    const [candidate] = staleContactRule(account, policy, daysAfterTouch(12)).candidates;
    expect(candidate.reason).toBe("No customer touch for 12 days; this account expects one every 10 (at most 20).");
    expect(candidate.facts.cadenceSource).toBe("override");
  });

  it("a stage without cadence has no nudge, and says why", () => {
    const exited = { ...touched, stage: "exit" as const };
    const verdict = staleContactRule(exited, policy, daysAfterTouch(400));
    expect(verdict.candidates).toEqual([]);
    expect(verdict.explanation).toBe("No cadence for exit accounts: stale contact does not apply.");
    expect(verdict.nextCheckAt).toBeNull();
  });

  it("a policy can switch a stage's cadence off, and an override can switch it back on", () => {
    const noRetention = policyWith({ cadence: { retention: null } });
    expect(staleContactRule(touched, noRetention, daysAfterTouch(400)).candidates).toEqual([]);
    const halfOverride = { ...touched, cadenceOverride: { dueDays: 10, overdueDays: null } };
    expect(staleContactRule(halfOverride, noRetention, daysAfterTouch(10)).candidates.map((c) => c.severity)).toEqual(["critical"]);
  });

  describe("counts local calendar days", () => {
    const zone = "America/Los_Angeles";
    // 23:30 on 1 Nov in Los Angeles is already 2 Nov in UTC.
    const lateTouch = at("2026-11-01T23:30", zone);
    const now = at("2026-12-01T08:00", zone);

    it.each([
      { zone, days: 30, fires: true, period: "2026-11-01" },
      { zone: "UTC", days: 29, fires: false, period: "2026-11-02" },
    ])("a 23:30 Los Angeles touch read in $zone → $days days", ({ zone: readIn, days, fires, period }) => {
      const account = makeAccount({ timeZone: readIn, lastCustomerTouchAt: lateTouch });
      const verdict = staleContactRule(account, policy, now);
      expect(verdict.candidates.length).toBe(fires ? 1 : 0);
      if (fires) expect(verdict.candidates[0].facts.daysSinceTouch).toBe(days);
      if (fires) expect(verdict.candidates[0].dedupeKey.endsWith(period)).toBe(true);
      else expect(verdict.explanation).toContain(`${days} days ago`);
    });

    it("an evening touch and a morning touch on the same local day count the same", () => {
      const morning = makeAccount({ timeZone: zone, lastCustomerTouchAt: at("2026-11-01T08:00", zone) });
      const evening = makeAccount({ timeZone: zone, lastCustomerTouchAt: lateTouch });
      expect(staleContactRule(morning, policy, now).candidates[0].facts.daysSinceTouch).toBe(30);
      expect(staleContactRule(evening, policy, now).candidates[0].facts.daysSinceTouch).toBe(30);
    });

    it.each([
      // Berlin springs forward on Sunday 28 Mar 2027: only 719 hours pass, yet it is 30 days.
      { label: "spring forward", touch: "2027-03-27T00:00", now: "2027-04-26T00:00", days: 30, fires: true },
      { label: "spring forward, a minute earlier", touch: "2027-03-27T00:00", now: "2027-04-25T23:59", days: 29, fires: false },
      // Berlin falls back on Sunday 25 Oct 2026: 720 hours pass, yet it is only 29 days.
      { label: "fall back", touch: "2026-10-24T00:30", now: "2026-11-22T23:30", days: 29, fires: false },
      { label: "fall back, next midnight", touch: "2026-10-24T00:30", now: "2026-11-23T00:00", days: 30, fires: true },
    ])("across a Europe/Berlin DST change ($label) → $days days", ({ touch, now: nowLocal, days, fires }) => {
      const berlin = "Europe/Berlin";
      const account = makeAccount({ timeZone: berlin, lastCustomerTouchAt: at(touch, berlin) });
      const verdict = staleContactRule(account, policy, at(nowLocal, berlin));
      expect(verdict.candidates.length).toBe(fires ? 1 : 0);
      if (fires) expect(verdict.candidates[0].facts.daysSinceTouch).toBe(days);
      else expect(verdict.explanation).toContain(`${days} days ago`);
    });

    it("the due moment is local midnight on the DST day's far side", () => {
      const berlin = "Europe/Berlin";
      const account = makeAccount({ timeZone: berlin, lastCustomerTouchAt: at("2027-03-27T23:30", berlin) });
      const verdict = expectExactNextCheck(staleContactRule, account, policy, at("2027-04-20T12:00", berlin));
      expect(verdict.nextCheckAt?.toISOString()).toBe("2027-04-25T22:00:00.000Z");
    });
  });
});
