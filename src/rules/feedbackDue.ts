/**
 * Feedback due: a retention or advocacy account nobody has asked for feedback in a long while.
 *
 * Counts local calendar days from the later of the latest ask or answer (feedbackAskedAt) and
 * entering the stage, so a move into retention starts the clock afresh. Fires (info) at
 * days >= policy.feedback.dueDays; one nudge per clock start (period = its local date), so the next
 * ask ends it and a later lapse is a new nudge. dueDays null switches it off, for a portfolio that
 * does not survey its customers.
 */
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import type { Policy } from "./policy.js";
import { formatCalendarDate, plural } from "./format.js";
import { calendarDaysSince, localDate, startOfDayAfter } from "./time.js";
import { defineRule } from "./spec.js";
import { nudgeCandidate, verdict } from "./verdict.js";

const RULE = "feedbackDue";

export const feedbackDue = defineRule({
  name: RULE, title: "Feedback due", words: ["feedback", "survey"], policy: ["feedback"], version: 1, evaluate: feedbackDueRule,
});

export function feedbackDueRule(account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  const { stage, stageSince, feedbackAskedAt, timeZone } = account;
  if (stage !== "retention" && stage !== "advocacy") {
    return verdict(RULE, () => `Feedback asks are for retention and advocacy accounts; this one is in ${stage}.`, null);
  }
  const dueDays = policy.feedback.dueDays;
  if (dueDays === null) return verdict(RULE, () => "The policy asks for no regular feedback (feedback.dueDays is off).", null);
  const asked = feedbackAskedAt !== null && feedbackAskedAt > stageSince;
  const start = asked ? feedbackAskedAt : stageSince;
  const days = Math.max(0, calendarDaysSince(start, now, timeZone));
  const dueAt = startOfDayAfter(start, dueDays, timeZone);
  const startDate = formatCalendarDate(localDate(start, timeZone));
  const since = asked ? `Feedback was last asked for or given on ${startDate}` : `No feedback asked for or given since the account entered ${stage} on ${startDate}`;
  if (days < dueDays) {
    return verdict(RULE, () => `${since}, ${plural(days, "day")} ago; the next ask is due every ${dueDays} days (in ${plural(dueDays - days, "day")}).`, dueAt);
  }
  const reason = `${since}, ${plural(days, "day")} ago; ask how it is going (due every ${dueDays} days).`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: "feedback",
    period: localDate(start, timeZone),
    severity: "info",
    reason,
    since: dueAt,
    facts: { stage, feedbackAskedAt: feedbackAskedAt?.toISOString() ?? null, clockStartedAt: start.toISOString(), daysSinceAsk: days, dueDays },
  });
  return verdict(RULE, () => reason, null, [candidate]);
}
