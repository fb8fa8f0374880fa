// The score: a weighted mean of the parts that apply, whole points lost that add up, constant all
// local day long, memoized per account object and moment; bands and the words for display.
import { describe, expect, it } from "vitest";
import { assessHealth, computeHealth, describeHealth, healthBand, summarizeHealth } from "../../../src/rules/health/index.js";
import { at, makeAccount, makeComplaint, policyWith } from "../fixtures.js";

const policy = policyWith();
const NOW = at("2026-03-01T12:00");

describe("assessHealth", () => {
  it("an account with nothing wrong scores 100 with only the parts that apply", () => {
    const health = assessHealth(makeAccount({ lastCustomerTouchAt: NOW }), policy, NOW);
    expect(health).toMatchObject({ score: 100, day: "2026-03-01" });
    expect(health.components.map((c) => [c.key, c.weight, c.share, c.pointsLost])).toEqual([
      ["contact", 35, 1, 0],
      ["complaints", 25, 1, 0],
    ]);
  });

  it("weights the parts that apply: 100 × Σ weight·share / Σ weight", () => {
    // contact 0.5 (45 days, overdue) × 35, complaints 0.7 (one medium) × 25, over 60.
    const account = makeAccount({ lastCustomerTouchAt: at("2026-01-15T10:00"), openComplaints: [makeComplaint({ openedAt: NOW })] });
    const health = assessHealth(account, policy, NOW);
    expect(health.score).toBe(Math.round((100 * (35 * 0.5 + 25 * 0.7)) / 60));
    expect(health.score).toBe(58);
    expect(health.components.map((c) => c.pointsLost)).toEqual([29, 13]);
  });

  it.each([
    { label: "overdue contact, a late high complaint, ignored outreach, a detractor", days: 60 },
    { label: "a little of everything", days: 33 },
    { label: "much of everything", days: 100 },
  ])("points lost are whole and add up to 100 − score ($label)", ({ days }) => {
    const account = makeAccount({
      stage: "onboarding",
      stageSince: at("2025-12-01T10:00"),
      lastCustomerTouchAt: new Date(NOW.getTime() - days * 86_400_000),
      renewalDate: "2026-03-20",
      openComplaints: [makeComplaint({ severity: "high", openedAt: at("2026-02-20T10:00") })],
      lastInboundAt: at("2026-01-01T10:00"),
      lastOutboundAt: at("2026-02-27T10:00"),
      unanswered: { count: 2, since: at("2026-02-10T10:00") },
      feedback: { id: 1, at: at("2026-02-01T10:00"), scale: "nps", score: 3 },
    });
    const health = assessHealth(account, policy, NOW);
    expect(health.components).toHaveLength(6);
    for (const c of health.components) expect(Number.isInteger(c.pointsLost) && c.pointsLost >= 0).toBe(true);
    expect(health.components.reduce((sum, c) => sum + c.pointsLost, 0)).toBe(100 - health.score);
  });

  it("a part weighing 0 does not count at all", () => {
    const account = makeAccount({ lastCustomerTouchAt: at("2026-01-15T10:00") });
    const noContact = policyWith({ health: { weights: { contact: 0 } } });
    expect(assessHealth(account, noContact, NOW)).toMatchObject({ score: 100, components: [{ key: "complaints" }] });
  });

  it("with nothing applicable it is 100", () => {
    const nothing = policyWith({ health: { weights: { contact: 0, complaints: 0 } } });
    expect(assessHealth(makeAccount(), nothing, NOW)).toMatchObject({ score: 100, components: [] });
  });

  it("is the same all local day long, and moves at the local midnight", () => {
    const zone = "America/Los_Angeles";
    const account = makeAccount({ timeZone: zone, lastCustomerTouchAt: at("2026-01-20T23:30", zone) });
    const score = (local: string) => assessHealth(account, policy, at(local, zone)).score;
    expect(score("2026-03-06T00:00")).toBe(score("2026-03-06T23:59"));
    expect(score("2026-03-07T00:00")).toBeLessThan(score("2026-03-06T23:59"));
    expect(assessHealth(account, policy, at("2026-03-06T23:59", zone)).day).toBe("2026-03-06");
  });

  it("is memoized per account object, policy and moment", () => {
    const account = makeAccount();
    const first = assessHealth(account, policy, NOW);
    expect(assessHealth(account, policy, new Date(NOW.getTime()))).toBe(first);
    expect(assessHealth(account, policyWith(), NOW)).not.toBe(first);
    expect(assessHealth({ ...account }, policy, NOW)).not.toBe(first);
    expect(computeHealth(account, policy, NOW)).toEqual(first);
  });
});

describe("healthBand", () => {
  it.each([
    { score: 100, band: "healthy" },
    { score: 75, band: "healthy" },
    { score: 74, band: "watch" },
    { score: 40, band: "watch" },
    { score: 39, band: "at risk" },
    { score: 0, band: "at risk" },
  ])("$score → $band", ({ score, band }) => {
    expect(healthBand(score, policy)).toBe(band);
  });
});

describe("describing health", () => {
  const account = makeAccount({ lastCustomerTouchAt: at("2026-01-08T10:00"), openComplaints: [makeComplaint({ severity: "high", openedAt: NOW })] });

  it("lists what cost points, the costliest first", () => {
    // contact 0.42 (52 days: 7 past overdue) × 35 and complaints 0.5 (high) × 25 over 60: 33.7 + 20.8 points lost.
    expect(describeHealth(assessHealth(account, policy, NOW))).toEqual([
      "Health 45/100",
      "−34 contact: 52 days since the last customer touch; the cadence is 30 (overdue after 45)",
      "−21 complaints: 1 open complaint: high #17, waiting for a first response",
    ]);
    expect(summarizeHealth(assessHealth(account, policy, NOW))).toBe("Health 45/100 (contact −34, complaints −21)");
  });

  it("a healthy account is one line", () => {
    const healthy = assessHealth(makeAccount({ lastCustomerTouchAt: NOW }), policy, NOW);
    expect(describeHealth(healthy)).toEqual(["Health 100/100"]);
    expect(summarizeHealth(healthy)).toBe("Health 100/100");
  });
});
