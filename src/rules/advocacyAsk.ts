/**
 * Advocacy ask: a long, healthy stretch in retention is a good moment to ask for a reference or review.
 *
 * - Retention only. Healthy days = local calendar days since the later of stageSince and
 *   lastComplaintAt; any open complaint (answered or not) blocks, and so do overdue contact (the
 *   staleContact assessment, shared through contactCadence.ts), a detractor's answer as the latest
 *   feedback, and a health score below policy.health.healthyAtLeast.
 * - Fires at healthy days >= policy.advocacy.healthyDays, severity info; a promoter's answer
 *   within advocacy.promoterWithinDays brings that forward to advocacy.promoterHealthyDays.
 * - One ask per retention stay: period = local date of stageSince, so a complaint pauses the ask
 *   but an ask already handled in this stay is not raised again under a new key.
 */
import { describeScore, feedbackClass } from "../domain/feedback.js";
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import { assessHealth, computeHealth, HEALTH_POLICY, summarizeHealth } from "./health/index.js";
import type { Policy } from "./policy.js";
import { assessContact } from "./contactCadence.js";
import { plural } from "./format.js";
import { calendarDaysSince, localDate, startOfDayAfter } from "./time.js";
import { defineRule } from "./spec.js";
import { earliest, nudgeCandidate, verdict } from "./verdict.js";

const RULE = "advocacyAsk";

export const advocacyAsk = defineRule({
  name: RULE, title: "Advocacy ask", words: ["advocacy"], policy: ["advocacy", ...HEALTH_POLICY], version: 2, evaluate: advocacyAskRule,
});

export function advocacyAskRule(account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  const { stage, timeZone, feedback } = account;
  if (stage !== "retention") return verdict(RULE, () => `Advocacy asks are for retention accounts; this one is in ${stage}.`, null);
  const open = account.openComplaints.length;
  if (open > 0) {
    return verdict(RULE, () => `${plural(open, "open complaint")}: no advocacy ask until ${open === 1 ? "it is" : "they are"} closed.`, null);
  }
  const contact = assessContact(account, policy, now);
  if (contact.state === "overdue") {
    const days = plural(contact.clock.days, "day");
    return verdict(RULE, () => `Contact is overdue (no customer touch for ${days}): no advocacy ask until someone is in touch.`, null);
  }
  if (feedback && feedbackClass(feedback.scale, feedback.score) === "detractor") {
    const score = describeScore(feedback.scale, feedback.score);
    return verdict(RULE, () => `The latest feedback is ${score}: no advocacy ask until a better answer comes in.`, null);
  }
  const healthyAtLeast = policy.health.healthyAtLeast;
  const health = assessHealth(account, policy, now);
  if (health.score < healthyAtLeast) {
    return verdict(RULE, () => `${summarizeHealth(health)} is below ${healthyAtLeast}: no advocacy ask until the account is healthy.`, null);
  }
  const healthySince = healthyStart(account);
  const days = Math.max(0, calendarDaysSince(healthySince, now, timeZone));
  const promoterUntil = promoterBoostUntil(account, policy);
  const boosted = promoterUntil !== null && now < promoterUntil;
  const { healthyDays, promoterHealthyDays } = policy.advocacy;
  const boostedNeeded = Math.min(healthyDays, promoterHealthyDays);
  const boostedAskAt = startOfDayAfter(healthySince, boostedNeeded, timeZone);
  const usualAskAt = startOfDayAfter(healthySince, healthyDays, timeZone);
  // The promoter's answer counts if the shorter stretch is already reached or will be while the answer is recent enough.
  const boostCounts = boosted && (days >= boostedNeeded || boostedAskAt < promoterUntil);
  const needed = boostCounts ? boostedNeeded : healthyDays;
  const askAt = boostCounts ? boostedAskAt : usualAskAt;
  const overdueAt = contact.state === "no_cadence" ? null : contact.overdueAt;
  const stretch = healthySince === account.stageSince ? "in retention with no complaint" : "since the last complaint";
  const promoterNote = boostCounts && feedback
    ? ` (${needed} needed after ${describeScore(feedback.scale, feedback.score)} ${plural(calendarDaysSince(feedback.at, now, timeZone), "day")} ago)`
    : "";
  if (days < needed) {
    // Overdue contact or an unhealthy score at that moment keeps the ask blocked: only activity changes that.
    const reachable = (overdueAt === null || overdueAt > askAt) && computeHealth(account, policy, askAt).score >= healthyAtLeast;
    return verdict(
      RULE,
      () => `${plural(days, "healthy day")} ${stretch}; an advocacy ask comes after ${needed}${promoterNote} (in ${plural(needed - days, "day")}).`,
      reachable ? askAt : null,
    );
  }
  // An ask due only thanks to the promoter's answer stops when that answer grows too old.
  const lapseAt = boostCounts && usualAskAt > promoterUntil ? promoterUntil : null;
  const bound = earliest([overdueAt, lapseAt]);
  const reason = `${plural(days, "healthy day")} ${stretch}${promoterNote}, health ${health.score}/100: a good moment to ask for a reference or review.`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: "advocacy",
    period: localDate(account.stageSince, timeZone),
    severity: "info",
    reason,
    since: askAt,
    facts: {
      stage,
      stageSince: account.stageSince.toISOString(),
      lastComplaintAt: account.lastComplaintAt?.toISOString() ?? null,
      healthySince: healthySince.toISOString(),
      healthyDays: days,
      healthyDaysNeeded: needed,
      healthScore: health.score,
      feedbackScore: feedback ? describeScore(feedback.scale, feedback.score) : null,
    },
  });
  // Health is a score of the local day: read again at the next local midnight (the scan's memo ends there too).
  return verdict(RULE, () => reason, earliest([bound, startOfDayAfter(now, 1, timeZone)]), [candidate]);
}

/** Healthy time starts at the later of entering retention and the last complaint. */
function healthyStart(account: AccountSnapshot): Date {
  const { stageSince, lastComplaintAt } = account;
  return lastComplaintAt && lastComplaintAt > stageSince ? lastComplaintAt : stageSince;
}

/** Until when the latest feedback, a promoter's, brings the ask forward; null when it is not a promoter's. */
function promoterBoostUntil(account: AccountSnapshot, policy: Policy): Date | null {
  const { feedback } = account;
  if (!feedback || feedbackClass(feedback.scale, feedback.score) !== "promoter") return null;
  return startOfDayAfter(feedback.at, policy.advocacy.promoterWithinDays, account.timeZone);
}
