import { describe, expect, it } from "vitest";
import { STAGES } from "../../src/domain/stages.js";
import type { AccountSnapshot } from "../../src/domain/snapshot.js";
import { evaluateAccount, nextCheckOf, RULE_NAMES, RULES, type RuleName } from "../../src/rules/index.js";
import { at, makeAccount, makeComplaint, policyWith } from "./fixtures.js";

const policy = policyWith();
const now = at("2027-01-20T12:00", "Europe/Berlin");

/** An account that trips most rules at `now`. */
const neglected = makeAccount({
  stage: "retention",
  timeZone: "Europe/Berlin",
  stageSince: at("2026-01-01T10:00"),
  lastCustomerTouchAt: at("2026-11-01T10:00"),
  renewalDate: "2027-02-10",
  openComplaints: [makeComplaint({ id: 5, severity: "high", openedAt: at("2027-01-18T09:00") })],
});

const variety: AccountSnapshot[] = [
  neglected,
  makeAccount(),
  ...STAGES.map((stage) =>
    makeAccount({
      id: `acc-${stage}`,
      stage,
      timeZone: "America/Los_Angeles",
      stageSince: at("2026-10-15T23:30", "America/Los_Angeles"),
      lastCustomerTouchAt: stage === "exit" ? null : at("2026-12-01T08:00"),
      renewalDate: "2027-03-01",
      lastComplaintAt: at("2026-11-01T08:00"),
    }),
  ),
];

describe("evaluateAccount", () => {
  it("returns one verdict per rule, in RULE_NAMES order, each explained", () => {
    const verdicts = evaluateAccount(neglected, policy, now);
    expect(verdicts.map((v) => v.rule)).toEqual([...RULE_NAMES]);
    for (const verdict of verdicts) expect(verdict.explanation.trim().length).toBeGreaterThan(0);
  });

  it("collects what a neglected account deserves", () => {
    const fired = evaluateAccount(neglected, policy, now).flatMap((v) => v.candidates.map((c) => `${c.rule}:${c.severity}`));
    // Below the health floor too, and never asked for feedback in a year of retention.
    expect(fired).toEqual(["staleContact:critical", "unansweredComplaint:critical", "renewalApproaching:warning", "atRisk:critical", "feedbackDue:info"]);
  });

  it("runs only the named rules, still in RULE_NAMES order", () => {
    const only: RuleName[] = ["exitFollowUp", "staleContact", "renewalApproaching"];
    expect(evaluateAccount(neglected, policy, now, only).map((v) => v.rule)).toEqual(["staleContact", "renewalApproaching", "exitFollowUp"]);
    expect(evaluateAccount(neglected, policy, now, [])).toEqual([]);
  });

  it("maps every rule name to its rule", () => {
    expect(Object.keys(RULES).sort()).toEqual([...RULE_NAMES].sort());
    for (const name of RULE_NAMES) expect(RULES[name](neglected, policy, now).rule).toBe(name);
  });

  it.each(variety.map((account) => ({ id: account.id, account })))("keeps the verdict contract for $id", ({ account }) => {
    for (const verdict of evaluateAccount(account, policy, now)) {
      expect(verdict.explanation.trim()).not.toBe("");
      if (verdict.nextCheckAt) expect(verdict.nextCheckAt.getTime()).toBeGreaterThan(now.getTime());
      for (const candidate of verdict.candidates) {
        expect(candidate.rule).toBe(verdict.rule);
        expect(candidate.accountId).toBe(account.id);
        expect(candidate.dedupeKey.startsWith(`${verdict.rule}:${account.id}:${candidate.subject}:`)).toBe(true);
        expect(candidate.reason.trim()).not.toBe("");
        expect(candidate.since.getTime()).toBeLessThanOrEqual(now.getTime());
        for (const value of Object.values(candidate.facts)) expect(["string", "number", "object"]).toContain(typeof value);
      }
    }
  });

  it("is pure: same inputs, same verdicts, inputs untouched", () => {
    const frozen = structuredClone(neglected);
    Object.freeze(frozen.openComplaints);
    Object.freeze(frozen);
    const first = evaluateAccount(frozen, policy, now);
    const second = evaluateAccount(frozen, policy, now);
    expect(second).toEqual(first);
    // The explanation is a getter (worded on demand), which toEqual does not compare: compare it as text.
    expect(second.map((v) => v.explanation)).toEqual(first.map((v) => v.explanation));
    expect(first.every((v) => v.explanation.length > 10)).toBe(true);
    expect(frozen).toEqual(neglected);
  });

  it("nextCheckOf gives the earliest moment any verdict could change", () => {
    const verdicts = evaluateAccount(neglected, policy, now);
    const expected = Math.min(...verdicts.flatMap((v) => (v.nextCheckAt ? [v.nextCheckAt.getTime()] : [])));
    expect(nextCheckOf(verdicts)?.getTime()).toBe(expected);
    expect(nextCheckOf([])).toBeNull();
  });

  it("rejects an unknown time zone loudly instead of reading it as UTC", () => {
    expect(() => evaluateAccount({ ...neglected, timeZone: "Mars/Olympus_Mons" }, policy, now)).toThrow(/Mars\/Olympus_Mons/);
  });
});
