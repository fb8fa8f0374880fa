/**
 * Single-threaded: a valuable customer account whose every recent touch was with the same person.
 *
 * - Onboarding, retention and advocacy accounts worth at least
 *   policy.breadth.singleThreaded.minAnnualValue a year whose touches name a main contact.
 * - "Recent" is the last `days` local calendar days (today and the days - 1 before it): the latest
 *   customer touch must be in them and no touch with anybody else.
 * - Fires (info); one episode per main contact (period = the contact), so a new person to lean on
 *   is a new nudge. nextCheckAt: when the touch with someone else leaves the window (the rule
 *   starts firing) or when the latest touch does (it stops).
 */
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import type { Stage } from "../domain/stages.js";
import type { Policy } from "./policy.js";
import { daysAgo, formatMoney, plural } from "./format.js";
import { calendarDaysSince, startOfDayAfter } from "./time.js";
import { defineRule } from "./spec.js";
import { nudgeCandidate, verdict } from "./verdict.js";

const RULE = "singleThreaded";
const CUSTOMER_STAGES: readonly Stage[] = ["onboarding", "retention", "advocacy"];

export const singleThreaded = defineRule({
  name: RULE, title: "Single-threaded", words: ["single", "single-threaded", "breadth"], policy: ["breadth"], version: 1, evaluate: singleThreadedRule,
});

export function singleThreadedRule(account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  const { stage, annualValue, breadth, lastCustomerTouchAt, timeZone } = account;
  const { minAnnualValue, days } = policy.breadth.singleThreaded;
  if (!CUSTOMER_STAGES.includes(stage)) return verdict(RULE, () => `Single-threading matters for customers; this account is in ${stage}.`, null);
  if (annualValue === null || annualValue < minAnnualValue) {
    const worth = annualValue === null ? "has no annual value recorded" : `is worth ${formatMoney(annualValue)} a year`;
    return verdict(RULE, () => `The account ${worth}; single-threading is flagged from ${formatMoney(minAnnualValue)}.`, null);
  }
  if (!breadth || !lastCustomerTouchAt) return verdict(RULE, () => "No customer touch names a contact: nothing to say about who we talk to.", null);
  const daysSince = (at: Date) => calendarDaysSince(at, now, timeZone);
  const leavesWindow = (at: Date) => startOfDayAfter(at, days, timeZone);
  const window = `the last ${plural(days, "day")}`;
  if (daysSince(lastCustomerTouchAt) >= days) return verdict(RULE, () => `No customer touch in ${window}: nothing to say about who we talk to.`, null);
  const { mainContact, otherContactAt } = breadth;
  if (otherContactAt && daysSince(otherContactAt) < days) {
    const starts = leavesWindow(otherContactAt);
    const nextCheck = starts < leavesWindow(lastCustomerTouchAt) ? starts : null;
    return verdict(RULE, () => `Touches in ${window} reached ${mainContact} and someone else (${daysAgo(daysSince(otherContactAt))}).`, nextCheck);
  }
  const reason = `Every customer touch in ${window} that names someone was with ${mainContact}; a ${formatMoney(annualValue)} account rests on one person — meet someone else there.`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: "breadth",
    period: mainContact,
    severity: "info",
    reason,
    // With nobody else ever in touch, it has been single-threaded all along.
    since: otherContactAt ? leavesWindow(otherContactAt) : account.createdAt,
    facts: {
      stage,
      annualValue,
      mainContact,
      windowDays: days,
      lastTouchAt: lastCustomerTouchAt.toISOString(),
      otherContactAt: otherContactAt?.toISOString() ?? null,
    },
  });
  return verdict(RULE, () => reason, leavesWindow(lastCustomerTouchAt), [candidate]);
}
