/**
 * Gone quiet: we keep reaching out and the customer does not answer.
 *
 * - Fires (warning) when unanswered.count >= policy.breadth.goneQuiet.outboundTouches and the first
 *   unanswered outreach is at least goneQuiet.days local calendar days old. Not for awareness (no
 *   relationship yet to go quiet) or exit accounts, and not before a reply of theirs was ever
 *   recorded: where nothing inbound is logged, silence cannot be told from replies nobody logged.
 * - One episode per silence: period = local date of the first unanswered outreach; their reply ends
 *   it and the next run of unanswered outreach is a new one.
 */
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import type { Policy } from "./policy.js";
import { plural } from "./format.js";
import { calendarDaysSince, localDate, startOfDayAfter } from "./time.js";
import { defineRule } from "./spec.js";
import { nudgeCandidate, verdict } from "./verdict.js";

const RULE = "goneQuiet";

export const goneQuiet = defineRule({
  name: RULE, title: "Gone quiet", words: ["quiet", "silent", "ghosted"], policy: ["breadth"], version: 1, evaluate: goneQuietRule,
});

export function goneQuietRule(account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  const { stage, unanswered, lastInboundAt, timeZone } = account;
  if (stage === "awareness" || stage === "exit") return verdict(RULE, () => `Gone quiet does not apply to ${stage} accounts.`, null);
  if (!unanswered) return verdict(RULE, () => "No outreach is waiting for a reply.", null);
  if (!lastInboundAt) {
    return verdict(RULE, () => "No reply from them was ever recorded, so silence cannot be told from replies nobody logged; gone quiet starts once one is (log it with `touch … --direction in`, or BCC Keepwarm).", null);
  }
  const { outboundTouches, days: needed } = policy.breadth.goneQuiet;
  const days = Math.max(0, calendarDaysSince(unanswered.since, now, timeZone));
  const waiting = `${plural(unanswered.count, "outreach", "outreaches")} over ${plural(days, "day")} with no reply`;
  const lastReply = `their last reply was ${plural(Math.max(0, calendarDaysSince(lastInboundAt, now, timeZone)), "day")} ago`;
  if (unanswered.count < outboundTouches) {
    return verdict(RULE, () => `${waiting}; gone quiet needs ${outboundTouches} unanswered outreaches over ${needed} days.`, null);
  }
  const quietAt = startOfDayAfter(unanswered.since, needed, timeZone);
  if (days < needed) return verdict(RULE, () => `${waiting}; it counts as gone quiet after ${needed} days (in ${plural(needed - days, "day")}).`, quietAt);
  const reason = `${waiting}; ${lastReply}.`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: "replies",
    period: localDate(unanswered.since, timeZone),
    severity: "warning",
    reason,
    since: quietAt,
    facts: {
      stage,
      unansweredCount: unanswered.count,
      unansweredSince: unanswered.since.toISOString(),
      daysWaiting: days,
      lastInboundAt: lastInboundAt?.toISOString() ?? null,
      outboundTouchesNeeded: outboundTouches,
      daysNeeded: needed,
    },
  });
  return verdict(RULE, () => reason, null, [candidate]);
}
