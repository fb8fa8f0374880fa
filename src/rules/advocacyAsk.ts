/**
 * Advocacy ask: a long, healthy stretch in retention is a good moment to ask for a reference or review.
 *
 * - Retention only. Healthy days = local calendar days since the later of stageSince and
 *   lastComplaintAt; any open complaint (answered or not) blocks, and so does overdue contact
 *   (the staleContact assessment, shared through contactCadence.ts).
 * - Fires at healthy days >= policy.advocacy.healthyDays, severity info.
 * - One ask per retention stay: period = local date of stageSince, so a complaint pauses the ask
 *   but an ask already handled in this stay is not raised again under a new key.
 */
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import type { Policy } from "./policy.js";
import { assessContact } from "./contactCadence.js";
import { plural } from "./format.js";
import { calendarDaysSince, localDate, startOfDayAfter } from "./time.js";
import { defineRule } from "./spec.js";
import { nudgeCandidate, verdict } from "./verdict.js";

const RULE = "advocacyAsk";

export const advocacyAsk = defineRule({
  name: RULE, title: "Advocacy ask", words: ["advocacy"], policy: ["advocacy", "cadence"], version: 1, evaluate: advocacyAskRule,
});

export function advocacyAskRule(account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  const { stage, timeZone } = account;
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
  const healthySince = healthyStart(account);
  const needed = policy.advocacy.healthyDays;
  const days = Math.max(0, calendarDaysSince(healthySince, now, timeZone));
  const askAt = startOfDayAfter(healthySince, needed, timeZone);
  const overdueAt = contact.state === "no_cadence" ? null : contact.overdueAt;
  const stretch = healthySince === account.stageSince ? "in retention with no complaint" : "since the last complaint";
  if (days < needed) {
    // If contact turns overdue before the ask is due, the ask stays blocked: only activity changes that.
    const reachable = overdueAt === null || overdueAt > askAt;
    return verdict(
      RULE,
      () => `${plural(days, "healthy day")} ${stretch}; an advocacy ask comes after ${needed} (in ${plural(needed - days, "day")}).`,
      reachable ? askAt : null,
    );
  }
  const reason = `${plural(days, "healthy day")} ${stretch}: a good moment to ask for a reference or review.`;
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
    },
  });
  return verdict(RULE, () => reason, overdueAt, [candidate]);
}

/** Healthy time starts at the later of entering retention and the last complaint. */
function healthyStart(account: AccountSnapshot): Date {
  const { stageSince, lastComplaintAt } = account;
  return lastComplaintAt && lastComplaintAt > stageSince ? lastComplaintAt : stageSince;
}
