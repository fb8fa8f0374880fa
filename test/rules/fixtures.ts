import { DateTime } from "luxon";
import { expect } from "vitest";
import type { AccountSnapshot, ComplaintSnapshot, RuleVerdict } from "../../src/domain/snapshot.js";
import { policySchema, type Policy, type PolicyInput, type Rule } from "../../src/rules/index.js";

/** An instant from a wall-clock time in a zone: at("2026-11-01T23:30", "America/Los_Angeles"). */
export function at(localDateTime: string, zone = "UTC"): Date {
  const local = DateTime.fromISO(localDateTime, { zone });
  if (!local.isValid) throw new Error(`bad fixture time ${localDateTime} in ${zone}`);
  return local.toJSDate();
}

/** A calendar date shifted by whole days: plusDays("2027-01-31", -90) → "2026-11-02". */
export function plusDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: "UTC" }).plus({ days }).toFormat("yyyy-MM-dd");
}

export function makeAccount(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    id: "acc-1",
    name: "Acme Corp",
    stage: "retention",
    stageSince: at("2025-01-01T10:00"),
    createdAt: at("2024-06-01T10:00"),
    ownerId: "person-1",
    segment: null,
    timeZone: "UTC",
    renewalDate: null,
    lastCustomerTouchAt: null,
    lastComplaintAt: null,
    cadenceOverride: null,
    openComplaints: [],
    annualValue: null,
    lastInboundAt: null,
    lastOutboundAt: null,
    unanswered: null,
    breadth: null,
    feedback: null,
    feedbackAskedAt: null,
    healthTrend: [],
    ...overrides,
  };
}

export function makeComplaint(overrides: Partial<ComplaintSnapshot> = {}): ComplaintSnapshot {
  return {
    id: 17,
    openedAt: at("2027-01-04T09:00"),
    severity: "medium",
    summary: "Invoices were charged twice",
    firstResponseAt: null,
    ...overrides,
  };
}

export function policyWith(input: PolicyInput = {}): Policy {
  return policySchema.parse(input);
}

/** What a scan would act on: which nudges exist and how loud. */
export function signature(verdict: RuleVerdict): string[] {
  return verdict.candidates.map((c) => `${c.dedupeKey}|${c.severity}`);
}

/**
 * nextCheckAt must be exact: nothing changes in the millisecond before it, something changes at it.
 * Returns the verdict at `now` for further assertions.
 */
export function expectExactNextCheck(rule: Rule, account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  const verdict = rule(account, policy, now);
  expect(verdict.nextCheckAt).toBeInstanceOf(Date);
  const next = verdict.nextCheckAt as Date;
  expect(next.getTime()).toBeGreaterThan(now.getTime());
  expect(signature(rule(account, policy, new Date(next.getTime() - 1)))).toEqual(signature(verdict));
  expect(signature(rule(account, policy, next))).not.toEqual(signature(verdict));
  return verdict;
}
