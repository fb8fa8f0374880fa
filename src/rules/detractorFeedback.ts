/**
 * Detractor feedback: the latest feedback answer is a detractor's and nobody has reached out since.
 *
 * - Answered once an outbound customer touch comes after the answer (lastOutboundAt > feedback.at);
 *   a newer answer that is not a detractor's ends it too, since only the latest answer is read.
 * - Warning until feedback.at + policy.feedback.responseHours (wall-clock hours: the customer waits
 *   through nights and weekends), critical from then on. One episode per answer: subject and period
 *   are its id, so the severity rises on the same nudge.
 */
import { describeScore, feedbackClass } from "../domain/feedback.js";
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import type { Policy } from "./policy.js";
import { formatLocalDateTime, plural } from "./format.js";
import { defineRule } from "./spec.js";
import { nudgeCandidate, verdict } from "./verdict.js";

const RULE = "detractorFeedback";
const MS_PER_HOUR = 3_600_000;

export const detractorFeedback = defineRule({
  name: RULE, title: "Detractor feedback", words: ["detractors", "detractor"], policy: ["feedback"], version: 1, evaluate: detractorFeedbackRule,
});

export function detractorFeedbackRule(account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  const latest = account.feedback;
  if (!latest) return verdict(RULE, () => "No feedback received yet.", null);
  const score = describeScore(latest.scale, latest.score);
  if (feedbackClass(latest.scale, latest.score) !== "detractor") return verdict(RULE, () => `The latest feedback is ${score}: no detractor to answer.`, null);
  const { lastOutboundAt, timeZone } = account;
  const given = formatLocalDateTime(latest.at, timeZone);
  if (lastOutboundAt && lastOutboundAt > latest.at) {
    return verdict(RULE, () => `The latest feedback, ${score} on ${given}, was answered: someone reached out on ${formatLocalDateTime(lastOutboundAt, timeZone)}.`, null);
  }
  const hours = policy.feedback.responseHours;
  const deadline = new Date(latest.at.getTime() + hours * MS_PER_HOUR);
  const late = now >= deadline;
  const by = formatLocalDateTime(deadline, timeZone);
  const waited = plural(Math.floor((now.getTime() - latest.at.getTime()) / MS_PER_HOUR), "hour");
  const reason = late
    ? `${score} on ${given} and nobody has reached out in ${waited}; a reply was due within ${plural(hours, "hour")}, by ${by}.`
    : `${score} on ${given} and nobody has reached out yet; reply within ${plural(hours, "hour")}, by ${by}.`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: `feedback:${latest.id}`,
    period: String(latest.id),
    severity: late ? "critical" : "warning",
    reason,
    since: latest.at,
    facts: {
      feedbackId: latest.id,
      feedbackScale: latest.scale,
      feedbackScore: latest.score,
      feedbackAt: latest.at.toISOString(),
      responseHours: hours,
      responseDeadline: deadline.toISOString(),
      lastOutboundAt: lastOutboundAt?.toISOString() ?? null,
    },
  });
  return verdict(RULE, () => reason, late ? null : deadline, [candidate]);
}
