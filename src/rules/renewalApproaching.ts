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
import type { AccountSnapshot } from "../domain/snapshot.js";
import type { NudgeSeverity } from "../domain/nudges.js";
import type { Policy } from "./policy.js";
import { formatCalendarDate, plural } from "./format.js";
import { addDaysToDate, daysBetweenDates, isCalendarDate, localDate, startOfLocalDate } from "./time.js";
import { nudgeCandidate, verdict, type Rule } from "./verdict.js";

const RULE = "renewalApproaching";

export const renewalApproachingRule: Rule = (account, policy, now) => {
  const { renewalDate, timeZone } = account;
  if (account.stage === "exit") return verdict(RULE, "Exit accounts have no renewal to prepare: renewal reminders do not apply.", null);
  if (renewalDate === null) return verdict(RULE, "No renewal date recorded: renewal reminders do not apply.", null);
  if (!isCalendarDate(renewalDate)) {
    return verdict(RULE, `Renewal date "${renewalDate}" is not a calendar date (YYYY-MM-DD): renewal reminders cannot run.`, null);
  }
  const daysToRenewal = daysBetweenDates(localDate(now, timeZone), renewalDate);
  const dayStart = (daysFromRenewal: number) => startOfLocalDate(addDaysToDate(renewalDate, daysFromRenewal), timeZone);
  if (daysToRenewal < 0) return passedVerdict(account, renewalDate, -daysToRenewal, policy.renewals.graceDays, dayStart);

  const leads = [...new Set(policy.renewals.leadDays)].sort((a, b) => a - b);
  const active = leads.find((lead) => daysToRenewal <= lead);
  const when = formatCalendarDate(renewalDate);
  if (active === undefined) {
    const first = leads[leads.length - 1];
    return verdict(RULE, `Renewal on ${when} is ${plural(daysToRenewal, "day")} away; the first reminder comes ${first} days before.`, dayStart(-first));
  }
  const smaller = leads.filter((lead) => lead < active);
  const nextCheckAt = smaller.length > 0 ? dayStart(-smaller[smaller.length - 1]) : dayStart(1);
  const timing = daysToRenewal === 0 ? "is today" : `is in ${plural(daysToRenewal, "day")}`;
  const reason = `Renewal on ${when} ${timing} (${active}-day reminder); make sure the renewal conversation is under way.`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: `renewal:${renewalDate}`,
    period: `${renewalDate}:${active}`,
    severity: leadSeverity(active),
    reason,
    since: dayStart(-active),
    facts: { renewalDate, daysToRenewal, leadDays: active, stage: account.stage },
  });
  return verdict(RULE, reason, nextCheckAt, [candidate]);
};

function passedVerdict(
  account: AccountSnapshot,
  renewalDate: string,
  daysPassed: number,
  graceDays: number,
  dayStart: (daysFromRenewal: number) => Date,
) {
  const when = formatCalendarDate(renewalDate);
  const ago = `${plural(daysPassed, "day")} ago`;
  if (daysPassed > graceDays) {
    return verdict(RULE, `Renewal date ${when} passed ${ago}, beyond the ${graceDays}-day grace period: no more reminders until a new date is set.`, null);
  }
  const reason = `Renewal date ${when} passed ${ago}; record the outcome or set the next renewal date.`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: `renewal:${renewalDate}`,
    period: `${renewalDate}:passed`,
    severity: "critical",
    reason,
    since: dayStart(1),
    facts: { renewalDate, daysToRenewal: -daysPassed, daysPassed, graceDays, stage: account.stage },
  });
  return verdict(RULE, `${reason} Reminders stop after ${plural(graceDays, "day")}.`, dayStart(graceDays + 1), [candidate]);
}

function leadSeverity(lead: number): NudgeSeverity {
  if (lead <= 7) return "critical";
  return lead <= 30 ? "warning" : "info";
}
