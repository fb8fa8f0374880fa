import { describe, expect, it } from "vitest";
import type { HealthPoint } from "../../src/domain/snapshot.js";
import { assessHealth } from "../../src/rules/health/index.js";
import { atRiskRule } from "../../src/rules/atRisk.js";
import { at, expectExactNextCheck, makeAccount, makeComplaint, plusDays, policyWith } from "./fixtures.js";

const TODAY = "2026-03-15";
const NOW = at(`${TODAY}T12:00`);
/** Only the complaints part counts, so one fresh medium complaint costing `cost` scores 100 × (1 − cost). */
const scoring = (cost: number) => policyWith({ health: { weights: { contact: 0 }, complaintCost: { medium: cost } } });
const account = (trend: HealthPoint[] = [], overrides = {}) =>
  makeAccount({ openComplaints: [makeComplaint({ severity: "medium", openedAt: at(`${TODAY}T11:00`) })], healthTrend: trend, ...overrides });
const point = (daysBefore: number, score: number): HealthPoint => ({ day: plusDays(TODAY, -daysBefore), score });
const severities = (trend: HealthPoint[], cost: number) => atRiskRule(account(trend), scoring(cost), NOW).candidates.map((c) => c.severity);

describe("atRiskRule", () => {
  it.each([
    { cost: 0.59, score: 41, severity: null },
    { cost: 0.6, score: 40, severity: null },
    { cost: 0.61, score: 39, severity: "critical" },
  ])("below the floor of 40: score $score → $severity", ({ cost, score, severity }) => {
    expect(assessHealth(account(), scoring(cost), NOW).score).toBe(score);
    expect(severities([], cost)).toEqual(severity ? [severity] : []);
  });

  it.each([
    { peak: 84, severity: null },
    { peak: 85, severity: "warning" },
    { peak: 86, severity: "warning" },
  ])("a fall of 15 from the last 14 days' best: 70 after $peak → $severity", ({ peak, severity }) => {
    expect(severities([point(5, peak), point(1, 72)], 0.3)).toEqual(severity ? [severity] : []);
  });

  it.each([
    { daysBefore: 14, fires: true },
    { daysBefore: 15, fires: false },
    { daysBefore: 0, fires: false, note: "today's own point is not the past" },
  ])("a best score $daysBefore days before today → fires: $fires", ({ daysBefore, fires }) => {
    expect(severities([point(daysBefore, 90)], 0.3)).toEqual(fires ? ["warning"] : []);
  });

  it("words a fall with the numbers, keyed once per episode", () => {
    const [candidate] = atRiskRule(account([point(5, 88), point(1, 72)]), scoring(0.3), NOW).candidates;
    expect(candidate.reason).toBe("Health 70/100 (complaints −30) fell 18 points in 5 days, from 88 on 10 Mar 2026; find out what changed and what would help.");
    expect(candidate.dedupeKey).toBe("atRisk:acc-1:health:at-risk");
    expect(candidate.facts).toMatchObject({ healthScore: 70, peakScore: 88, peakDay: "2026-03-10", dropPoints: 18, floor: 40, costliest: "complaints" });
  });

  it("a fall below the floor is critical under the same key, and says both", () => {
    const fell = atRiskRule(account([point(3, 90)]), scoring(0.3), NOW).candidates[0];
    const sank = atRiskRule(account([point(3, 90)]), scoring(0.7), NOW).candidates[0];
    expect([fell.severity, sank.severity]).toEqual(["warning", "critical"]);
    expect(sank.dedupeKey).toBe(fell.dedupeKey);
    expect(sank.reason).toBe("Health 30/100 (complaints −70) fell 60 points in 3 days, from 90 on 12 Mar 2026 and is below 40; find out what changed and what would help.");
  });

  it("explains a quiet verdict", () => {
    expect(atRiskRule(account([point(2, 80)]), scoring(0.3), NOW).explanation).toBe(
      "Health 70/100 (complaints −30); the best of the last 14 days was 80 on 13 Mar 2026. At risk means a fall of 15 points or a score below 40.",
    );
    expect(atRiskRule(account(), scoring(0.3), NOW).explanation).toContain("no score of the last 14 days is recorded");
  });

  it("nextCheckAt is the next local midnight, exactly when the best score leaves the window", () => {
    const verdict = expectExactNextCheck(atRiskRule, account([point(14, 90)]), scoring(0.3), NOW);
    expect(verdict.nextCheckAt).toEqual(at("2026-03-16T00:00"));
    const zone = "America/Los_Angeles";
    const la = account([], { timeZone: zone });
    expect(atRiskRule(la, scoring(0.3), at("2026-03-15T23:00", zone)).nextCheckAt).toEqual(at("2026-03-16T00:00", zone));
  });

  it("reads the trend's days in the account's zone", () => {
    const zone = "America/Los_Angeles";
    // 20:00 on 15 Mar in Los Angeles is already 16 Mar in UTC, where 1 Mar is 15 days back: outside the window.
    const now = at("2026-03-15T20:00", zone);
    const trend = [{ day: "2026-03-01", score: 90 }];
    const local = { ...account(trend), timeZone: zone, openComplaints: [makeComplaint({ severity: "medium", openedAt: at("2026-03-15T19:00", zone) })] };
    expect(atRiskRule(local, scoring(0.3), now).candidates.length).toBe(1);
    expect(atRiskRule({ ...local, timeZone: "UTC" }, scoring(0.3), now).candidates).toEqual([]);
  });

  it("does not score exit accounts", () => {
    const verdict = atRiskRule(account([], { stage: "exit" }), scoring(0.9), NOW);
    expect(verdict.candidates).toEqual([]);
    expect(verdict.explanation).toBe("Exit accounts are not scored for risk: the customer has left.");
    expect(verdict.nextCheckAt).toBeNull();
  });
});
