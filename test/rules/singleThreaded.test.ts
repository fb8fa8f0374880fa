import { describe, expect, it } from "vitest";
import type { AccountSnapshot } from "../../src/domain/snapshot.js";
import { singleThreadedRule } from "../../src/rules/singleThreaded.js";
import { at, expectExactNextCheck, makeAccount, plusDays, policyWith } from "./fixtures.js";

const policy = policyWith(); // from $50,000, over 60 days
const TODAY = "2026-06-01";
const NOW = at(`${TODAY}T12:00`);
const daysAgo = (days: number, time = "10:00") => at(`${plusDays(TODAY, -days)}T${time}`);
type Shape = { touchAgo?: number; otherAgo?: number | null; value?: number | null } & Partial<AccountSnapshot>;
const account = ({ touchAgo = 3, otherAgo = null, value = 120_000, ...overrides }: Shape = {}) =>
  makeAccount({
    stage: "retention",
    annualValue: value,
    lastCustomerTouchAt: daysAgo(touchAgo),
    breadth: { mainContact: "Peter Gibbons", otherContactAt: otherAgo === null ? null : daysAgo(otherAgo) },
    ...overrides,
  });
const fires = (a = account(), now = NOW) => singleThreadedRule(a, policy, now).candidates.length === 1;

describe("singleThreadedRule", () => {
  it.each([
    { value: 49_999, fires: false },
    { value: 50_000, fires: true },
    { value: null, fires: false },
  ])("annual value $value → fires: $fires", ({ value, fires: expected }) => {
    expect(fires(account({ value }))).toBe(expected);
  });

  it.each([
    { touchAgo: 59, fires: true },
    { touchAgo: 60, fires: false },
  ])("the latest touch $touchAgo days ago → fires: $fires", ({ touchAgo, fires: expected }) => {
    expect(fires(account({ touchAgo }))).toBe(expected);
  });

  it.each([
    { otherAgo: 59, fires: false },
    { otherAgo: 60, fires: true },
    { otherAgo: null, fires: true },
  ])("a touch with someone else $otherAgo days ago → fires: $fires", ({ otherAgo, fires: expected }) => {
    expect(fires(account({ otherAgo }))).toBe(expected);
  });

  it.each([
    { stage: "onboarding", fires: true },
    { stage: "advocacy", fires: true },
    { stage: "purchase", fires: false },
    { stage: "exit", fires: false },
  ] as const)("$stage → fires: $fires", ({ stage, fires: expected }) => {
    expect(fires(account({ stage }))).toBe(expected);
  });

  it("words it with the person, the window and the value, one episode per main contact", () => {
    const [candidate] = singleThreadedRule(account(), policy, NOW).candidates;
    expect(candidate.reason).toBe("Every customer touch in the last 60 days that names someone was with Peter Gibbons; a $120,000 account rests on one person — meet someone else there.");
    expect(candidate.severity).toBe("info");
    expect(candidate.dedupeKey).toBe("singleThreaded:acc-1:breadth:Peter Gibbons");
    expect(candidate.facts).toMatchObject({ annualValue: 120_000, mainContact: "Peter Gibbons", windowDays: 60 });
  });

  it("explains what keeps it quiet", () => {
    const explain = (a: ReturnType<typeof account>) => singleThreadedRule(a, policy, NOW).explanation;
    expect(explain(account({ value: 20_000 }))).toBe("The account is worth $20,000 a year; single-threading is flagged from $50,000.");
    expect(explain(account({ breadth: null }))).toBe("No customer touch names a contact: nothing to say about who we talk to.");
    expect(explain(account({ otherAgo: 10 }))).toBe("Touches in the last 60 days reached Peter Gibbons and someone else (10 days ago).");
  });

  it("nextCheckAt while firing: the latest touch leaves the window", () => {
    expect(expectExactNextCheck(singleThreadedRule, account({ touchAgo: 3 }), policy, NOW).nextCheckAt).toEqual(at(`${plusDays(TODAY, 57)}T00:00`));
  });

  it("nextCheckAt while another contact is recent: that touch leaves the window", () => {
    expect(expectExactNextCheck(singleThreadedRule, account({ touchAgo: 3, otherAgo: 10 }), policy, NOW).nextCheckAt).toEqual(at(`${plusDays(TODAY, 50)}T00:00`));
  });

  it("nextCheckAt is null when the other touch was the latest one", () => {
    expect(singleThreadedRule(account({ touchAgo: 10, otherAgo: 10 }), policy, NOW).nextCheckAt).toBeNull();
  });

  it("counts local calendar days in the account's zone", () => {
    const zone = "Asia/Tokyo";
    // 00:30 on 3 Apr in Tokyo is still 2 Apr in UTC: 59 days back from 1 Jun in Tokyo, 60 in UTC.
    const a = account({ timeZone: zone, lastCustomerTouchAt: at("2026-04-03T00:30", zone) });
    expect(fires(a, at("2026-06-01T12:00", zone))).toBe(true);
    expect(fires({ ...a, timeZone: "UTC" }, at("2026-06-01T12:00", zone))).toBe(false);
  });
});
