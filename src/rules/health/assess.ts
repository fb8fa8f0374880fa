/**
 * An account's health, 0–100: 100 × Σ weight·share / Σ weight over the parts that apply, with what
 * each part took off the 100 in whole points (they add up to 100 − score). Pure, and the same all
 * local day long.
 */
import type { AccountSnapshot } from "../../domain/snapshot.js";
import type { Policy } from "../policy.js";
import { formatDay, localDay } from "../time.js";
import { HEALTH_KEYS, HEALTH_PARTS, type HealthKey } from "./components.js";

export interface HealthComponent {
  key: HealthKey;
  title: string;
  weight: number;
  /** 0 … 1, 1 = healthy. */
  share: number;
  /** Whole points this part took off the 100. */
  pointsLost: number;
  text: string;
}

export interface HealthAssessment {
  score: number;
  /** The local date (YYYY-MM-DD, account's zone) the score is for. */
  day: string;
  components: HealthComponent[];
}

export type HealthBand = "healthy" | "watch" | "at risk";

/** Several rules and the scan read the same account's health at the same `now`: worked out once. */
const memo = new WeakMap<AccountSnapshot, { policy: Policy; at: number; assessment: HealthAssessment }>();

export function assessHealth(account: AccountSnapshot, policy: Policy, now: Date): HealthAssessment {
  const hit = memo.get(account);
  if (hit && hit.policy === policy && hit.at === now.getTime()) return hit.assessment;
  const assessment = computeHealth(account, policy, now);
  memo.set(account, { policy, at: now.getTime(), assessment });
  return assessment;
}

/** assessHealth without the memo, for looking ahead day by day without evicting today's assessment. */
export function computeHealth(account: AccountSnapshot, policy: Policy, now: Date): HealthAssessment {
  const today = localDay(now, account.timeZone);
  const parts = HEALTH_KEYS.flatMap((key) => {
    const weight = policy.health.weights[key];
    const part = weight > 0 ? HEALTH_PARTS[key](account, policy, now, today) : null;
    return part ? [{ ...part, weight }] : [];
  });
  const totalWeight = parts.reduce((sum, p) => sum + p.weight, 0);
  const exact = totalWeight === 0 ? 100 : (100 * parts.reduce((sum, p) => sum + p.weight * p.share, 0)) / totalWeight;
  const score = Math.round(exact);
  const lost = apportion(parts.map((p) => (totalWeight === 0 ? 0 : (100 * p.weight * (1 - p.share)) / totalWeight)), 100 - score);
  return { score, day: formatDay(today), components: parts.map((p, i) => ({ ...p, pointsLost: lost[i] })) };
}

/** Whole numbers adding up to `total`, each the floor of its exact value or one more (largest remainders first). */
function apportion(exact: number[], total: number): number[] {
  const whole = exact.map(Math.floor);
  let left = total - whole.reduce((sum, n) => sum + n, 0);
  const byRemainder = exact.map((n, i) => ({ i, rest: n - whole[i] })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    whole[i] += 1;
    left -= 1;
  }
  return whole;
}

export function healthBand(score: number, policy: Policy): HealthBand {
  if (score >= policy.health.healthyAtLeast) return "healthy";
  return score < policy.health.atRisk.floor ? "at risk" : "watch";
}

/** "Health 62/100", then one line per part that cost points, the costliest first: "−18 contact: 52 days since …". */
export function describeHealth(assessment: HealthAssessment): string[] {
  const costly = assessment.components.filter((c) => c.pointsLost > 0).sort((a, b) => b.pointsLost - a.pointsLost);
  return [`Health ${assessment.score}/100`, ...costly.map((c) => `−${c.pointsLost} ${c.title.toLowerCase()}: ${c.text}`)];
}

/** "Health 62/100 (contact −18, complaints −20)": one line for a reason. */
export function summarizeHealth(assessment: HealthAssessment): string {
  const costly = assessment.components.filter((c) => c.pointsLost > 0).sort((a, b) => b.pointsLost - a.pointsLost);
  const parts = costly.map((c) => `${c.title.toLowerCase()} −${c.pointsLost}`).join(", ");
  return `Health ${assessment.score}/100${parts ? ` (${parts})` : ""}`;
}
