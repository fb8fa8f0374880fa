/** How an account's health reads in `account`, `why`, the App Home and the Teams personal view. */
import type { AccountSnapshot } from "../domain/snapshot.js";
import { describeHealth, healthBand, summarizeHealth, trendPeak, type HealthAssessment } from "../rules/health/index.js";
import type { Policy } from "../rules/policy.js";

const BAND_ICON = { healthy: "💚", watch: "🟡", "at risk": "🔴" } as const;

/** "🟡 Health 62/100 · watch (down 20 from 82 on 2026-11-20)", then what each part took off, in words. */
export function healthLines(account: AccountSnapshot, health: HealthAssessment, policy: Policy): string[] {
  const [first, ...parts] = describeHealth(health);
  const band = healthBand(health.score, policy);
  return [`${BAND_ICON[band]} **${first}** · ${band}${trendWords(account, health, policy)}`, ...parts.map((p) => `  ${p}`)];
}

/** One line: "💚 Health 82/100 (contact −12, outreach −6)". */
export function healthSummary(health: HealthAssessment, policy: Policy): string {
  return `${BAND_ICON[healthBand(health.score, policy)]} ${summarizeHealth(health)}`;
}

function trendWords(account: AccountSnapshot, health: HealthAssessment, policy: Policy): string {
  const peak = trendPeak(account.healthTrend, health.day, policy.health.atRisk.days);
  if (!peak || peak.score <= health.score) return "";
  return ` (down ${peak.score - health.score} from ${peak.score} on ${peak.day})`;
}
