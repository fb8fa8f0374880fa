// Each part of the health score at its boundaries: just below, at and above where it starts to cost.
import { describe, expect, it } from "vitest";
import type { AccountSnapshot } from "../../../src/domain/snapshot.js";
import { assessHealth, type HealthKey } from "../../../src/rules/health/index.js";
import { at, makeAccount, makeComplaint, plusDays, policyWith } from "../fixtures.js";

const policy = policyWith();
const DAY0 = "2026-03-01";
const dayOf = (days: number, time = "12:00") => at(`${plusDays(DAY0, days)}T${time}`);
const NOW = dayOf(0);

function part(account: AccountSnapshot, key: HealthKey, now = NOW) {
  return assessHealth(account, policy, now).components.find((c) => c.key === key) ?? null;
}
const share = (account: AccountSnapshot, key: HealthKey, now = NOW) => part(account, key, now)?.share ?? null;

describe("contact recency against the cadence (retention 30/45)", () => {
  it.each([
    { days: 29, share: 1 },
    { days: 30, share: 1 },
    { days: 31, share: 1 - 0.5 / 15 },
    { days: 44, share: 1 - (0.5 * 14) / 15 },
    { days: 45, share: 0.5 },
    { days: 46, share: 0.5 * (1 - 1 / 45) },
    { days: 90, share: 0 },
    { days: 200, share: 0 },
  ])("$days days since the touch → $share", ({ days, share: expected }) => {
    expect(share(makeAccount({ lastCustomerTouchAt: dayOf(-days, "09:00") }), "contact")).toBeCloseTo(expected, 10);
  });

  it("says it in plain words with the numbers", () => {
    expect(part(makeAccount({ lastCustomerTouchAt: dayOf(-52) }), "contact")?.text).toBe("52 days since the last customer touch; the cadence is 30 (overdue after 45)");
    expect(part(makeAccount({ createdAt: dayOf(-52) }), "contact")?.text).toBe("52 days since the account was added, with no customer touch; the cadence is 30 (overdue after 45)");
  });

  it("does not apply to a stage without a cadence", () => {
    expect(part(makeAccount({ stage: "exit" }), "contact")).toBeNull();
  });
});

describe("open complaints by severity and age", () => {
  // medium: 24 response hours; opened day 0 09:00 → due day 1 09:00.
  const complaint = (overrides = {}) => makeComplaint({ id: 17, severity: "medium", openedAt: dayOf(0, "09:00"), ...overrides });
  const withComplaints = (...openComplaints: ReturnType<typeof makeComplaint>[]) => makeAccount({ openComplaints, lastCustomerTouchAt: NOW });

  it.each([
    { label: "none", complaints: [], share: 1, text: "No open complaints" },
    { label: "medium, before its deadline", complaints: [complaint()], now: dayOf(1, "08:00"), share: 0.7 },
    { label: "medium, deadline day", complaints: [complaint()], now: dayOf(1, "23:00"), share: 0.7 },
    { label: "medium, 1 day late", complaints: [complaint()], now: dayOf(2, "00:00"), share: 1 - 0.3 * (1 + 1 / 7) },
    { label: "medium, 7 days late", complaints: [complaint()], now: dayOf(8), share: 0.4 },
    { label: "medium, 30 days late (doubled, no more)", complaints: [complaint()], now: dayOf(31), share: 0.4 },
    { label: "medium answered, late", complaints: [complaint({ firstResponseAt: dayOf(0, "10:00") })], now: dayOf(31), share: 0.7 },
    { label: "low", complaints: [complaint({ severity: "low" })], share: 0.85 },
    { label: "high", complaints: [complaint({ severity: "high" })], share: 0.5 },
    { label: "critical, a day late, with a high one: no less than nothing", complaints: [complaint({ severity: "critical" }), complaint({ id: 18, severity: "high" })], now: dayOf(1), share: 0 },
  ])("$label → $share", ({ complaints, now, share: expected, text }) => {
    const p = part(withComplaints(...complaints), "complaints", now ?? NOW);
    expect(p?.share).toBeCloseTo(expected, 10);
    if (text) expect(p?.text).toBe(text);
  });

  it("names each complaint and how late it is", () => {
    const account = withComplaints(complaint(), complaint({ id: 18, severity: "low", openedAt: dayOf(0, "10:00"), firstResponseAt: dayOf(0, "11:00") }));
    expect(part(account, "complaints", dayOf(4))?.text).toBe("2 open complaints: medium #17, unanswered 3 days past its response deadline; low #18, answered");
  });
});

describe("answered versus ignored outreach (zero at 5 touches over 30 days)", () => {
  const quiet = (count: number, sinceDays: number, lastInboundAt: Date | null = dayOf(-sinceDays - 1)) =>
    makeAccount({ lastInboundAt, lastOutboundAt: NOW, unanswered: { count, since: dayOf(-sinceDays, "09:00") } });

  it.each([
    { count: 1, days: 0, share: 1 },
    { count: 1, days: 15, share: 1 - 0.2 * 0.5 },
    { count: 3, days: 21, share: 1 - 0.6 * 0.7 },
    { count: 5, days: 29, share: 1 - 29 / 30 },
    { count: 5, days: 30, share: 0 },
    { count: 8, days: 60, share: 0 },
  ])("$count unanswered over $days days → $share", ({ count, days, share: expected }) => {
    expect(share(quiet(count, days), "outreach")).toBeCloseTo(expected, 10);
  });

  it("says how many, how long and when they last replied", () => {
    expect(part(quiet(3, 24, dayOf(-40)), "outreach")?.text).toBe("3 outreaches over 24 days with no reply; their last reply was 40 days ago");
    expect(part(quiet(1, 2, null), "outreach")?.text).toBe("1 outreach over 2 days with no reply; they have never replied");
    expect(part(makeAccount({ lastInboundAt: dayOf(-3) }), "outreach")).toMatchObject({ share: 1, text: "No outreach waiting for a reply; their last reply was 3 days ago" });
  });

  it("applies only once there was a touch either way", () => {
    expect(part(makeAccount(), "outreach")).toBeNull();
    expect(part(makeAccount({ lastOutboundAt: dayOf(-1) }), "outreach")?.share).toBe(1);
  });
});

describe("time in stage against its limit (onboarding 60)", () => {
  const onboarding = (days: number) => makeAccount({ stage: "onboarding", stageSince: dayOf(-days, "23:00"), lastCustomerTouchAt: NOW });
  it.each([
    { days: 59, share: 1 },
    { days: 60, share: 1 },
    { days: 61, share: 1 - 1 / 60 },
    { days: 90, share: 0.5 },
    { days: 120, share: 0 },
    { days: 300, share: 0 },
  ])("$days days → $share", ({ days, share: expected }) => {
    expect(share(onboarding(days), "stage")).toBeCloseTo(expected, 10);
  });

  it("words it, and does not apply to a stage without a limit", () => {
    expect(part(onboarding(75), "stage")?.text).toBe("75 days in onboarding; it should take at most 60");
    expect(part(makeAccount({ stage: "retention" }), "stage")).toBeNull();
  });
});

describe("renewal closeness without recent contact (first reminder 90 days out, quiet after 30 days)", () => {
  const renewing = (daysTo: number, touchAgo: number | null) =>
    makeAccount({ renewalDate: plusDays(DAY0, daysTo), lastCustomerTouchAt: touchAgo === null ? null : dayOf(-touchAgo) });

  it.each([
    { daysTo: 91, touchAgo: 100, share: 1, label: "before the window" },
    { daysTo: 90, touchAgo: 29, share: 1, label: "in the window, touched 29 days ago" },
    { daysTo: 90, touchAgo: 30, share: 1, label: "90 days out, quiet for 30" },
    { daysTo: 45, touchAgo: 30, share: 0.5, label: "45 days out, quiet for 30" },
    { daysTo: 9, touchAgo: null, share: 0.1, label: "9 days out, never touched" },
    { daysTo: 0, touchAgo: 40, share: 0, label: "renewal today, quiet" },
    { daysTo: -5, touchAgo: 40, share: 0, label: "passed, quiet" },
  ])("$label → $share", ({ daysTo, touchAgo, share: expected }) => {
    expect(share(renewing(daysTo, touchAgo), "renewal")).toBeCloseTo(expected, 10);
  });

  it("words it, and does not apply without a date, with a bad one, or after an exit", () => {
    expect(part(renewing(30, 41), "renewal")?.text).toBe("Renewal on 31 Mar 2026 in 30 days and no customer touch for 41 days (at most 30 this close to it)");
    expect(part(renewing(30, 3), "renewal")?.text).toBe("Renewal on 31 Mar 2026 in 30 days; last customer touch 3 days ago");
    expect(part(makeAccount(), "renewal")).toBeNull();
    expect(part(makeAccount({ renewalDate: "2026-02-30" }), "renewal")).toBeNull();
    expect(part(makeAccount({ stage: "exit", renewalDate: plusDays(DAY0, 10) }), "renewal")).toBeNull();
  });
});

describe("latest feedback, fading toward a passive answer over 180 days", () => {
  const answered = (scale: "nps" | "csat", score: number, daysAgo: number) =>
    makeAccount({ feedback: { id: 3, at: dayOf(-daysAgo, "08:00"), scale, score } });

  it.each([
    { scale: "nps", score: 10, daysAgo: 0, share: 1 },
    { scale: "nps", score: 0, daysAgo: 0, share: 0 },
    { scale: "nps", score: 0, daysAgo: 90, share: 0.375 },
    { scale: "nps", score: 0, daysAgo: 179, share: 0.75 - 0.75 / 180 },
    { scale: "nps", score: 0, daysAgo: 180, share: 0.75 },
    { scale: "nps", score: 10, daysAgo: 400, share: 0.75 },
    { scale: "csat", score: 1, daysAgo: 0, share: 0 },
    { scale: "csat", score: 5, daysAgo: 90, share: 0.875 },
  ] as const)("$scale $score, $daysAgo days old → $share", ({ scale, score, daysAgo, share: expected }) => {
    expect(share(answered(scale, score, daysAgo), "feedback")).toBeCloseTo(expected, 10);
  });

  it("words it, and does not apply without feedback", () => {
    expect(part(answered("nps", 4, 20), "feedback")?.text).toBe("NPS 4 (detractor) 20 days ago; feedback counts fully when fresh and reads as passive after 180 days");
    expect(part(makeAccount(), "feedback")).toBeNull();
  });
});
