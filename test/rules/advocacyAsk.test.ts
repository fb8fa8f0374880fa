import { describe, expect, it } from "vitest";
import { advocacyAskRule } from "../../src/rules/advocacyAsk.js";
import { at, expectExactNextCheck, makeAccount, makeComplaint, plusDays, policyWith } from "./fixtures.js";

const policy = policyWith(); // 120 healthy days; retention contact 30/45
const ENTERED = "2026-01-01";
const dayOf = (days: number, time = "10:00") => at(`${plusDays(ENTERED, days)}T${time}`);
/** A retention account whose last touch was `touchAgo` days before day `day`. */
const retention = (day: number, touchAgo = 5, overrides = {}) =>
  makeAccount({ stage: "retention", stageSince: dayOf(0, "15:00"), lastCustomerTouchAt: dayOf(day - touchAgo), ...overrides });

describe("advocacyAskRule", () => {
  it.each([
    { day: 119, fires: false },
    { day: 120, fires: true },
    { day: 130, fires: true },
  ])("$day healthy days in retention → fires: $fires", ({ day, fires }) => {
    const verdict = advocacyAskRule(retention(day), policy, dayOf(day));
    expect(verdict.candidates.map((c) => c.severity)).toEqual(fires ? ["info"] : []);
  });

  it("words the ask and keys it to the retention stay", () => {
    const [candidate] = advocacyAskRule(retention(130), policy, dayOf(130)).candidates;
    expect(candidate.reason).toBe("130 healthy days in retention with no complaint, health 100/100: a good moment to ask for a reference or review.");
    expect(candidate.dedupeKey).toBe("advocacyAsk:acc-1:advocacy:2026-01-01");
    expect(candidate.facts).toMatchObject({ healthyDays: 130, healthyDaysNeeded: 120, lastComplaintAt: null });
  });

  it("a recent complaint restarts the healthy clock", () => {
    const account = retention(130, 5, { lastComplaintAt: dayOf(100) });
    const verdict = advocacyAskRule(account, policy, dayOf(130));
    expect(verdict.candidates).toEqual([]);
    expect(verdict.explanation).toContain("30 healthy days since the last complaint");
  });

  it("counts from the complaint once it is long enough ago, under the same key", () => {
    const account = retention(250, 5, { lastComplaintAt: dayOf(100) });
    expect(advocacyAskRule(account, policy, dayOf(219)).candidates).toEqual([]);
    const [candidate] = advocacyAskRule({ ...account, lastCustomerTouchAt: dayOf(215) }, policy, dayOf(220)).candidates;
    expect(candidate.reason).toBe("120 healthy days since the last complaint, health 100/100: a good moment to ask for a reference or review.");
    expect(candidate.dedupeKey).toBe("advocacyAsk:acc-1:advocacy:2026-01-01");
  });

  it("a complaint from before retention does not count", () => {
    const account = retention(130, 5, { lastComplaintAt: at("2025-06-01T10:00") });
    expect(advocacyAskRule(account, policy, dayOf(130)).candidates.length).toBe(1);
  });

  it("any open complaint blocks the ask, answered or not", () => {
    const complaint = makeComplaint({ openedAt: at("2020-01-01T00:00"), firstResponseAt: at("2020-01-01T01:00") });
    const verdict = advocacyAskRule(retention(200, 5, { openComplaints: [complaint] }), policy, dayOf(200));
    expect(verdict.candidates).toEqual([]);
    expect(verdict.explanation).toBe("1 open complaint: no advocacy ask until it is closed.");
  });

  it.each([
    { touchAgo: 40, fires: true, note: "due, health 81", says: null },
    // The contact part costs more each day past due: at 44 days the score is 73, below a healthy 75.
    { touchAgo: 44, fires: false, note: "due, health 73", says: "Health 73/100 (contact −27) is below 75: no advocacy ask until the account is healthy." },
    { touchAgo: 45, fires: false, note: "overdue", says: "Contact is overdue (no customer touch for 45 days)" },
  ])("contact $note ($touchAgo days) → fires: $fires", ({ touchAgo, fires, says }) => {
    const verdict = advocacyAskRule(retention(200, touchAgo), policy, dayOf(200));
    expect(verdict.candidates.length).toBe(fires ? 1 : 0);
    if (says) expect(verdict.explanation).toContain(says);
  });

  it("follows the account's own cadence when judging overdue contact", () => {
    const account = retention(200, 20, { cadenceOverride: { dueDays: 10, overdueDays: 20 } });
    expect(advocacyAskRule(account, policy, dayOf(200)).candidates).toEqual([]);
  });

  it("nextCheckAt: the day the ask becomes due, while contact stays fresh", () => {
    const account = retention(110, 1);
    const verdict = expectExactNextCheck(advocacyAskRule, account, policy, dayOf(110));
    expect(verdict.nextCheckAt).toEqual(at("2026-05-01T00:00"));
  });

  it("nextCheckAt is null when contact turns overdue before the ask is due", () => {
    expect(advocacyAskRule(retention(50, 30), policy, dayOf(50)).nextCheckAt).toBeNull();
  });

  // Health is a score of the local day: a firing ask is read again at the next local midnight.
  const fires = (account: ReturnType<typeof retention>, p: typeof policy, day: number) => advocacyAskRule(account, p, dayOf(day)).candidates.length === 1;

  it("while firing, it is read again at the next local midnight; it stops the day health falls below healthy (contact 44 days old)", () => {
    const account = retention(130, 10);
    expect(advocacyAskRule(account, policy, dayOf(130)).nextCheckAt).toEqual(dayOf(131, "00:00"));
    expect(fires(account, policy, 130 - 10 + 43)).toBe(true);
    expect(fires(account, policy, 130 - 10 + 44)).toBe(false);
  });

  it("is only for retention accounts", () => {
    const verdict = advocacyAskRule(retention(400, 1, { stage: "onboarding" }), policy, dayOf(400));
    expect(verdict.candidates).toEqual([]);
    expect(verdict.explanation).toBe("Advocacy asks are for retention accounts; this one is in onboarding.");
  });

  it("counts local calendar days (an evening stage move in Los Angeles)", () => {
    const la = "America/Los_Angeles";
    const account = retention(0, 0, {
      timeZone: la,
      stageSince: at("2026-01-01T23:30", la),
      lastCustomerTouchAt: at("2026-04-28T10:00", la),
    });
    expect(advocacyAskRule(account, policy, at("2026-05-01T08:00", la)).candidates.length).toBe(1);
    expect(advocacyAskRule({ ...account, timeZone: "UTC" }, policy, at("2026-05-01T08:00", la)).candidates).toEqual([]);
  });

  describe("health and feedback", () => {
    const npsAt = (day: number, score: number) => ({ feedback: { id: 9, at: dayOf(day, "08:00"), scale: "nps" as const, score } });
    const strict = policyWith({ health: { healthyAtLeast: 100 } });

    it.each([
      { touchAgo: 30, score: 100, fires: true },
      { touchAgo: 31, score: 98, fires: false },
    ])("needs a healthy score (at least 100 here): touch $touchAgo days ago, health $score → fires: $fires", ({ touchAgo, fires }) => {
      const verdict = advocacyAskRule(retention(200, touchAgo), strict, dayOf(200));
      expect(verdict.candidates.length).toBe(fires ? 1 : 0);
      if (!fires) expect(verdict.explanation).toBe("Health 98/100 (contact −2) is below 100: no advocacy ask until the account is healthy.");
    });

    it.each([
      { score: 6, fires: false },
      { score: 7, fires: true },
    ])("the latest feedback NPS $score → fires: $fires", ({ score, fires }) => {
      const verdict = advocacyAskRule(retention(200, 5, npsAt(150, score)), policy, dayOf(200));
      expect(verdict.candidates.length).toBe(fires ? 1 : 0);
      if (!fires) expect(verdict.explanation).toBe("The latest feedback is NPS 6 (detractor): no advocacy ask until a better answer comes in.");
    });

    it.each([
      { day: 29, answeredDay: 10, fires: false, note: "29 healthy days after a promoter" },
      { day: 30, answeredDay: 10, fires: true, note: "30 healthy days after a promoter" },
      { day: 30, answeredDay: 30 - 179, fires: true, note: "a promoter 179 days ago" },
      { day: 30, answeredDay: 30 - 180, fires: false, note: "a promoter 180 days ago" },
    ])("$note → fires: $fires", ({ day, answeredDay, fires }) => {
      expect(advocacyAskRule(retention(day, 1, npsAt(answeredDay, 9)), policy, dayOf(day)).candidates.length).toBe(fires ? 1 : 0);
    });

    it("says a promoter brought the ask forward", () => {
      const [candidate] = advocacyAskRule(retention(30, 1, npsAt(10, 10)), policy, dayOf(30)).candidates;
      expect(candidate.reason).toBe(
        "30 healthy days in retention with no complaint (30 needed after NPS 10 (promoter) 20 days ago), health 99/100: a good moment to ask for a reference or review.",
      );
      expect(candidate.facts).toMatchObject({ healthyDaysNeeded: 30, healthScore: 99, feedbackScore: "NPS 10 (promoter)" });
    });

    it("nextCheckAt while waiting with a promoter: the day 30 healthy days are reached", () => {
      const verdict = expectExactNextCheck(advocacyAskRule, retention(20, 1, npsAt(10, 9)), policy, dayOf(20));
      expect(verdict.nextCheckAt).toEqual(dayOf(30, "00:00"));
    });

    it("firing thanks to a promoter, it stops the day that answer grows too old", () => {
      const account = retention(40, 1, npsAt(40 - 170, 9));
      expect(advocacyAskRule(account, policy, dayOf(40)).nextCheckAt).toEqual(dayOf(41, "00:00"));
      expect(fires(account, policy, 49)).toBe(true);
      expect(fires(account, policy, 50)).toBe(false);
    });

    it("it stops the day health falls below healthy, when that comes before overdue contact", () => {
      const account = retention(200, 10);
      expect(fires(account, strict, 200 - 10 + 30)).toBe(true);
      expect(fires(account, strict, 200 - 10 + 31)).toBe(false);
    });

    it("nextCheckAt while waiting is null when health will not be healthy on the day the ask falls due", () => {
      expect(advocacyAskRule(retention(100, 15), strict, dayOf(100)).nextCheckAt).toBeNull();
      expect(advocacyAskRule(retention(100, 0), strict, dayOf(100)).nextCheckAt).toEqual(dayOf(120, "00:00"));
    });
  });
});
