/**
 * Exit follow-up: some time after a customer left, a respectful check-in if nobody reached out.
 *
 * Exit only. Fires (info) at local calendar days since stageSince >= policy.exit.followUpDays when no
 * customer touch is strictly after stageSince; a touch logged at the moment of the exit is the exit
 * conversation itself, not a follow-up. One nudge per exit: period = local date of stageSince.
 */
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import type { Policy } from "./policy.js";
import { plural } from "./format.js";
import { calendarDaysSince, localDate, startOfDayAfter } from "./time.js";
import { defineRule } from "./spec.js";
import { nudgeCandidate, verdict } from "./verdict.js";

const RULE = "exitFollowUp";

export const exitFollowUp = defineRule({
  name: RULE, title: "Exit follow-up", words: ["exit", "exits"], policy: ["exit"], version: 1, evaluate: exitFollowUpRule,
});

export function exitFollowUpRule(account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  const { stage, stageSince, lastCustomerTouchAt, timeZone } = account;
  if (stage !== "exit") return verdict(RULE, () => `Exit follow-ups are for accounts that left; this one is in ${stage}.`, null);
  const days = Math.max(0, calendarDaysSince(stageSince, now, timeZone));
  const left = days === 0 ? "Left today" : `Left ${plural(days, "day")} ago`;
  if (lastCustomerTouchAt && lastCustomerTouchAt > stageSince) {
    const touchedDays = Math.max(0, calendarDaysSince(lastCustomerTouchAt, now, timeZone));
    const touched = touchedDays === 0 ? "today" : `${plural(touchedDays, "day")} ago`;
    return verdict(RULE, () => `${left}; someone was in touch since (${touched}), so no follow-up is needed.`, null);
  }
  const needed = policy.exit.followUpDays;
  const followUpAt = startOfDayAfter(stageSince, needed, timeZone);
  if (days < needed) {
    return verdict(RULE, () => `${left}; a follow-up is suggested after ${needed} days (in ${plural(needed - days, "day")}) if nobody gets in touch.`, followUpAt);
  }
  const reason = `${left}; nobody has been in touch since. A short, respectful follow-up keeps the door open.`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: "exit",
    period: localDate(stageSince, timeZone),
    severity: "info",
    reason,
    since: followUpAt,
    facts: {
      stage,
      exitedAt: stageSince.toISOString(),
      daysSinceExit: days,
      followUpDays: needed,
      lastTouchAt: lastCustomerTouchAt?.toISOString() ?? null,
    },
  });
  return verdict(RULE, () => reason, null, [candidate]);
}
