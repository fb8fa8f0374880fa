/** Account health: a score per account and day, its parts, and the daily trend the scan keeps. */
import type { PolicySection } from "../spec.js";

export { assessHealth, computeHealth, describeHealth, healthBand, summarizeHealth } from "./assess.js";
export type { HealthAssessment, HealthBand, HealthComponent } from "./assess.js";
export { HEALTH_KEYS, type HealthKey } from "./components.js";
export { appendTrend, formatTrend, parseTrend, trendPeak } from "./trend.js";

/** The policy sections the score reads: a rule that reads the score names them all. */
export const HEALTH_POLICY = ["health", "cadence", "complaints", "stageMaxDays", "renewals"] as const satisfies readonly PolicySection[];
