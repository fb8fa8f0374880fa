/**
 * Renewal approaching: reminders at each lead time before the renewal date, then after it passes.
 *
 * - renewalDate is a calendar date in the account's zone; daysToRenewal counts local calendar days
 *   from today (0 on the day itself).
 * - Active lead = the smallest lead L with daysToRenewal <= L; one candidate for it, keyed
 *   `${renewalDate}:${L}` so each lead is its own nudge and the previous one resolves when it drops out.
 *   Severity: L > 30 info, 7 < L <= 30 warning, L <= 7 critical.
 * - Passed 1..graceDays days ago: one critical candidate keyed `${renewalDate}:passed`; after that,
 *   silence (nobody moved the date, and nagging forever helps nobody).
 * - Exit accounts, no renewal date, or a renewal date that is not a real date: no nudge, explained.
 */
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import type { NudgeSeverity } from "../domain/nudges.js";
import type { Policy } from "./policy.js";
import { formatCalendarDate, plural } from "./format.js";
import { calendarDay, localDay, startOfLocalDay } from "./time.js";
import { defineRule } from "./spec.js";
import { nudgeCandidate, verdict } from "./verdict.js";

const RULE = "renewalApproaching";

export const renewalApproaching = defineRule({
  name: RULE, title: "Renewal approaching", words: ["renewals", "renewal"], policy: ["renewals"], version: 1, evaluate: renewalApproachingRule,
});

export function renewalApproachingRule(account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  const { renewalDate, timeZone } = account;
  if (account.stage === "exit") return verdict(RULE, () => "Exit accounts have no renewal to prepare: renewal reminders do not apply.", null);
  if (renewalDate === null) return verdict(RULE, () => "No renewal date recorded: renewal reminders do not apply.", null);
  const renewalDay = calendarDay(renewalDate);
  if (renewalDay === null) {
    return verdict(RULE, () => `Renewal date "${renewalDate}" is not a calendar date (YYYY-MM-DD): renewal reminders cannot run.`, null);
  }
  const daysToRenewal = renewalDay - localDay(now, timeZone);
  if (daysToRenewal < 0) return passedVerdict(account, renewalDate, renewalDay, -daysToRenewal, policy.renewals.graceDays);

  const leads = sortedLeads(policy);
  const active = leads.find((lead) => daysToRenewal <= lead);
  if (active === undefined) {
    const first = leads[leads.length - 1];
    return verdict(
      RULE,
      () => `Renewal on ${formatCalendarDate(renewalDate)} is ${plural(daysToRenewal, "day")} away; the first reminder comes ${first} days before.`,
      startOfLocalDay(renewalDay - first, timeZone),
    );
  }
  const nextSmaller = leads[leads.indexOf(active) - 1];
  const nextCheckAt = startOfLocalDay(nextSmaller === undefined ? renewalDay + 1 : renewalDay - nextSmaller, timeZone);
  const timing = daysToRenewal === 0 ? "is today" : `is in ${plural(daysToRenewal, "day")}`;
  const reason = `Renewal on ${formatCalendarDate(renewalDate)} ${timing} (${active}-day reminder); make sure the renewal conversation is under way.`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: `renewal:${renewalDate}`,
    period: `${renewalDate}:${active}`,
    severity: leadSeverity(active),
    reason,
    since: startOfLocalDay(renewalDay - active, timeZone),
    facts: { renewalDate, daysToRenewal, leadDays: active, stage: account.stage },
  });
  return verdict(RULE, () => reason, nextCheckAt, [candidate]);
}

/** The policy's lead times, distinct and ascending; worked out once per policy, not per account. */
const leadsOfPolicy = new WeakMap<Policy, number[]>();
function sortedLeads(policy: Policy): number[] {
  let leads = leadsOfPolicy.get(policy);
  if (!leads) leadsOfPolicy.set(policy, (leads = [...new Set(policy.renewals.leadDays)].sort((a, b) => a - b)));
  return leads;
}

function passedVerdict(account: AccountSnapshot, renewalDate: string, renewalDay: number, daysPassed: number, graceDays: number) {
  if (daysPassed > graceDays) {
    return verdict(RULE, () => `${passedSince(renewalDate, daysPassed)}, beyond the ${graceDays}-day grace period: no more reminders until a new date is set.`, null);
  }
  const reason = `${passedSince(renewalDate, daysPassed)}; record the outcome or set the next renewal date.`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: `renewal:${renewalDate}`,
    period: `${renewalDate}:passed`,
    severity: "critical",
    reason,
    since: startOfLocalDay(renewalDay + 1, account.timeZone),
    facts: { renewalDate, daysToRenewal: -daysPassed, daysPassed, graceDays, stage: account.stage },
  });
  return verdict(RULE, () => `${reason} Reminders stop after ${plural(graceDays, "day")}.`, startOfLocalDay(renewalDay + graceDays + 1, account.timeZone), [candidate]);
}

function passedSince(renewalDate: string, daysPassed: number): string {
  return `Renewal date ${formatCalendarDate(renewalDate)} passed ${plural(daysPassed, "day")} ago`;
}

function leadSeverity(lead: number): NudgeSeverity {
  if (lead <= 7) return "critical";
  return lead <= 30 ? "warning" : "info";
}
