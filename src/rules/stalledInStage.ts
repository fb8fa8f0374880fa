/**
 * Stalled in stage: the account has stayed in a stage longer than policy.stageMaxDays allows.
 *
 * Days in stage are local calendar days since stageSince. days >= max → warning, >= 2×max → critical,
 * one key per stay (period = local date of stageSince), so escalation updates the same nudge.
 */
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import type { Policy } from "./policy.js";
import { plural } from "./format.js";
import { calendarDaysSince, localDate, startOfDayAfter } from "./time.js";
import { defineRule } from "./spec.js";
import { nudgeCandidate, verdict } from "./verdict.js";

const RULE = "stalledInStage";

export const stalledInStage = defineRule({
  name: RULE, title: "Stalled in stage", words: ["stalled", "stage", "onboarding"], policy: ["stageMaxDays"], version: 1, evaluate: stalledInStageRule,
});

export function stalledInStageRule(account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  const { stage, stageSince, timeZone } = account;
  const maxDays = policy.stageMaxDays[stage];
  if (maxDays === null) return verdict(RULE, () => `No time limit for ${stage}: stalled in stage does not apply.`, null);
  const days = Math.max(0, calendarDaysSince(stageSince, now, timeZone));
  const stalledAt = startOfDayAfter(stageSince, maxDays, timeZone);
  if (days < maxDays) {
    return verdict(
      RULE,
      () => `In ${stage} for ${plural(days, "day")}; ${stage} should take at most ${maxDays} (stalled in ${plural(maxDays - days, "day")}).`,
      stalledAt,
    );
  }
  const critical = days >= 2 * maxDays;
  const reason = `In ${stage} for ${plural(days, "day")}; ${stage} should take at most ${maxDays}.`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: `stage:${stage}`,
    period: localDate(stageSince, timeZone),
    severity: critical ? "critical" : "warning",
    reason,
    since: stalledAt,
    facts: { stage, stageSince: stageSince.toISOString(), daysInStage: days, stageMaxDays: maxDays },
  });
  const outlook = critical
    ? "That is more than twice the limit; moving the stage clears this."
    : `It becomes critical at ${2 * maxDays} days (in ${plural(2 * maxDays - days, "day")}).`;
  return verdict(RULE, () => `${reason} ${outlook}`, critical ? null : startOfDayAfter(stageSince, 2 * maxDays, timeZone), [candidate]);
}
