import { describe, expect, it } from "vitest";
import { stalledInStageRule } from "../../src/rules/stalledInStage.js";
import { at, expectExactNextCheck, makeAccount, plusDays, policyWith } from "./fixtures.js";

const policy = policyWith(); // onboarding at most 60 days
const ENTERED = "2026-01-05";
const onboarding = makeAccount({ stage: "onboarding", stageSince: at(`${ENTERED}T16:00`) });
const daysIn = (days: number, time = "09:00") => at(`${plusDays(ENTERED, days)}T${time}`);

describe("stalledInStageRule", () => {
  it.each([
    { days: 59, severity: null },
    { days: 60, severity: "warning" },
    { days: 119, severity: "warning" },
    { days: 120, severity: "critical" },
  ])("onboarding (max 60): $days days in stage → $severity", ({ days, severity }) => {
    const verdict = stalledInStageRule(onboarding, policy, daysIn(days));
    expect(verdict.candidates.map((c) => c.severity)).toEqual(severity ? [severity] : []);
  });

  it("keeps one key for the stay while it escalates", () => {
    const [warning] = stalledInStageRule(onboarding, policy, daysIn(75)).candidates;
    const [critical] = stalledInStageRule(onboarding, policy, daysIn(130)).candidates;
    expect(warning.dedupeKey).toBe("stalledInStage:acc-1:stage:onboarding:2026-01-05");
    expect(critical.dedupeKey).toBe(warning.dedupeKey);
    expect(warning.since).toEqual(at("2026-03-06T00:00"));
  });

  it("words the reason with both numbers", () => {
    const [candidate] = stalledInStageRule(onboarding, policy, daysIn(75)).candidates;
    expect(candidate.reason).toBe("In onboarding for 75 days; onboarding should take at most 60.");
    expect(candidate.facts).toMatchObject({ stage: "onboarding", daysInStage: 75, stageMaxDays: 60 });
  });

  it.each([10, 75])("nextCheckAt is exact at %i days", (days) => {
    expectExactNextCheck(stalledInStageRule, onboarding, policy, daysIn(days));
  });

  it("once critical, only a stage move changes it", () => {
    expect(stalledInStageRule(onboarding, policy, daysIn(200)).nextCheckAt).toBeNull();
  });

  it("a stage without a limit never stalls", () => {
    const verdict = stalledInStageRule({ ...onboarding, stage: "retention" }, policy, daysIn(1000));
    expect(verdict).toMatchObject({ candidates: [], nextCheckAt: null });
    expect(verdict.explanation).toBe("No time limit for retention: stalled in stage does not apply.");
  });

  it("the policy sets the limit per stage", () => {
    const strict = policyWith({ stageMaxDays: { retention: 10 } });
    const retention = { ...onboarding, stage: "retention" as const };
    expect(stalledInStageRule(retention, strict, daysIn(9)).candidates).toEqual([]);
    expect(stalledInStageRule(retention, strict, daysIn(10)).candidates[0].reason).toBe(
      "In retention for 10 days; retention should take at most 10.",
    );
  });

  it.each([
    { zone: "America/Los_Angeles", days: 60, fires: true },
    { zone: "UTC", days: 59, fires: false },
  ])("an evening stage move in Los Angeles, counted in $zone → $days days", ({ zone, fires }) => {
    const la = "America/Los_Angeles";
    const account = makeAccount({ stage: "onboarding", timeZone: zone, stageSince: at("2026-01-05T23:30", la) });
    const verdict = stalledInStageRule(account, policy, at("2026-03-06T08:00", la));
    expect(verdict.candidates.length).toBe(fires ? 1 : 0);
  });

  it("counts calendar days across a DST change (Europe/Berlin, 28 Mar 2027)", () => {
    const berlin = "Europe/Berlin";
    const account = makeAccount({ stage: "purchase", timeZone: berlin, stageSince: at("2027-03-01T00:00", berlin) });
    // 30 calendar days, though one hour short of 30 × 24 h.
    const verdict = stalledInStageRule(account, policy, at("2027-03-31T00:00", berlin));
    expect(verdict.candidates[0].facts.daysInStage).toBe(30);
    expect(stalledInStageRule(account, policy, at("2027-03-30T23:59", berlin)).candidates).toEqual([]);
  });
});
