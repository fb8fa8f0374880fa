/**
 * At risk: the account's health (src/rules/health) fell fast or sits low.
 *
 * - A fall: today's score is at least policy.health.atRisk.dropPoints below the best score of the
 *   atRisk.days days before today in the trend the scan keeps → warning, a change worth a look.
 * - Low: a score below atRisk.floor → critical, whatever the way down: the account is in trouble now.
 * - Exit accounts are not scored for risk: the customer has already left.
 * - One nudge per episode: the period is constant, so a fall that sinks below the floor raises the
 *   same nudge's severity and only a recovery ends it. The trend keeps about two weeks, too little
 *   to name an episode's first day the same way every day.
 * - nextCheckAt is the next local midnight: the score moves with the calendar and the scan writes a
 *   trend point every day, so the verdict is due again every local day.
 */
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import { assessHealth, HEALTH_POLICY, summarizeHealth, trendPeak } from "./health/index.js";
import type { Policy } from "./policy.js";
import { formatCalendarDate, plural } from "./format.js";
import { dayNumber, localDay, startOfLocalDay } from "./time.js";
import { defineRule } from "./spec.js";
import { nudgeCandidate, verdict } from "./verdict.js";

const RULE = "atRisk";

export const atRisk = defineRule({
  name: RULE, title: "At risk", words: ["risk", "at-risk", "health"], policy: HEALTH_POLICY, version: 1, evaluate: atRiskRule,
});

export function atRiskRule(account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  if (account.stage === "exit") return verdict(RULE, () => "Exit accounts are not scored for risk: the customer has left.", null);
  const { dropPoints, days, floor } = policy.health.atRisk;
  const health = assessHealth(account, policy, now);
  const today = localDay(now, account.timeZone);
  const tomorrow = startOfLocalDay(today + 1, account.timeZone);
  const peak = trendPeak(account.healthTrend, health.day, days);
  const drop = peak ? peak.score - health.score : 0;
  const low = health.score < floor;
  const fell = drop >= dropPoints;
  const summary = summarizeHealth(health);
  const best = peak ? `the best of the last ${plural(days, "day")} was ${peak.score} on ${formatCalendarDate(peak.day)}` : `no score of the last ${plural(days, "day")} is recorded`;
  if (!low && !fell) {
    return verdict(RULE, () => `${summary}; ${best}. At risk means a fall of ${dropPoints} points or a score below ${floor}.`, tomorrow);
  }
  const fall = peak && fell ? `fell ${drop} points in ${plural(dayNumber(health.day) - dayNumber(peak.day), "day")}, from ${peak.score} on ${formatCalendarDate(peak.day)}` : "";
  const below = low ? `is below ${floor}` : "";
  const reason = `${summary} ${[fall, below].filter(Boolean).join(" and ")}; find out what changed and what would help.`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: "health",
    period: "at-risk",
    severity: low ? "critical" : "warning",
    reason,
    since: startOfLocalDay(today, account.timeZone),
    facts: {
      healthScore: health.score,
      healthDay: health.day,
      peakScore: peak?.score ?? null,
      peakDay: peak?.day ?? null,
      dropPoints: drop,
      dropPointsNeeded: dropPoints,
      floor,
      costliest: [...health.components].sort((a, b) => b.pointsLost - a.pointsLost)[0]?.key ?? null,
    },
  });
  return verdict(RULE, () => reason, tomorrow, [candidate]);
}
